import type { Attestation, Composite, GovernanceContext, Indicator, KpiCatalog, KpiDefined, LedgerEvent } from '@govmetrics/contracts';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import { indicatorsOf, periodDays, periodName } from '@govmetrics/scoring';
import { decideCatalogImport } from './decide/decide-catalog-import';
import type { Ledger } from './ledger';
import { ledgerStreams } from './ledger-streams';

type JsonValue = KpiDefined['definition'][string];
export type CatalogFact = Extract<LedgerEvent, { type: 'CatalogDefined' | 'KpiDefined' | 'TargetRevised' | 'ValueAttested' }>;

/** A fact the catalog states, the stream it belongs to, and who stands behind it. */
export interface StatedFact {
  stream: string;
  event: CatalogFact;
  context: GovernanceContext;
}

const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A composite with its indicators replaced by `{ ref: id }`: the frame a CatalogDefined records. */
function frameOf(composite: Composite): JsonValue {
  const { children, ...own } = asJson(composite);
  return { ...own, children: children.map((child) => ('children' in child ? frameOf(child) : { ref: child.id })) };
}

/** An indicator's definition without id, name and target(s): the target is a fact of its own (TargetRevised). */
export function definitionOf(indicator: Indicator): { definition: Record<string, JsonValue>; target: JsonValue | undefined } {
  const {
    id: _id,
    name: _name,
    ...rest
  } = asJson(indicator) as unknown as Record<string, JsonValue> & { target?: JsonValue; measures?: Record<string, JsonValue>[] };
  if ('measures' in indicator) {
    const measures = rest.measures!.map(({ target: _target, ...measure }) => measure);
    const targets = Object.fromEntries(indicator.measures.flatMap((m) => (m.target === undefined ? [] : [[m.id, asJson(m.target) as JsonValue]])));
    return { definition: { ...rest, measures }, target: Object.keys(targets).length === 0 ? undefined : targets };
  }
  const { target, ...definition } = rest;
  return { definition, target };
}

/**
 * The catalog's frame, the definition and target of every indicator, and every attested value, as ledger events
 * (not yet compared with the ledger). Frame, definitions and targets hold from `effective` (default: the first day
 * of the catalog's period: a catalog file states the catalog for its whole period).
 */
export function catalogFacts(
  catalog: KpiCatalog,
  attestations: readonly Attestation[],
  importer: GovernanceContext,
  effective = periodDays(catalog.period).fromDay,
): StatedFact[] {
  const frame: StatedFact = {
    stream: ledgerStreams.catalog(catalog.id),
    event: {
      type: 'CatalogDefined',
      data: {
        catalogId: catalog.id,
        name: catalog.name,
        definition: { period: asJson(catalog.period), scorecards: catalog.scorecards.map(frameOf) },
        effective,
      },
    },
    context: importer,
  };
  const definitions = indicatorsOf(catalog).flatMap(({ indicator, period }): StatedFact[] => {
    const stream = ledgerStreams.indicator(catalog.id, indicator.id);
    const ref = { catalogId: catalog.id, indicatorId: indicator.id };
    const { definition, target } = definitionOf(indicator);
    const facts: StatedFact[] = [{ stream, event: { type: 'KpiDefined', data: { ...ref, name: indicator.name, definition, effective } }, context: importer }];
    if (target !== undefined)
      facts.push({ stream, event: { type: 'TargetRevised', data: { ...ref, period: periodName(period), target, effective } }, context: importer });
    return facts;
  });
  // An attested value is keyed by its id and the day it takes effect, so a later attestation revises, never overwrites, history.
  const attested = attestations.map((attestation): StatedFact => ({
    stream: ledgerStreams.indicator(catalog.id, attestation.id),
    event: {
      type: 'ValueAttested',
      data: {
        catalogId: catalog.id,
        indicatorId: attestation.id,
        period: attestation.effective,
        value: typeof attestation.value === 'boolean' ? Number(attestation.value) : attestation.value,
        ...(typeof attestation.value === 'boolean' ? { unit: 'done (1) or not (0)' } : {}),
        evidence: { reference: attestation.evidence },
      },
    },
    context: { who: attestation.by, why: attestation.why, ...(importer.correlationId ? { correlationId: importer.correlationId } : {}) },
  }));
  return [frame, ...definitions, ...attested];
}

/**
 * Records in the ledger what the catalog and attestations state and the ledger does not yet say, stream by
 * stream with optimistic concurrency: when another writer got there first, the stream is read again and
 * compared again. Returns how many events were recorded; a second run with the same inputs records none.
 *
 * The catalog's frame is recorded last, once every indicator it places is defined: a reader (another replica
 * deciding whether to seed, the gateway) that sees the frame sees the whole catalog, and one that reads before
 * sees no catalog, never a frame placing an indicator not defined yet. Two imports of the same catalog at once
 * record it once between them: each stream's facts are appended by whichever importer gets there first.
 */
export async function importCatalog(
  ledger: Ledger,
  catalog: KpiCatalog,
  attestations: readonly Attestation[],
  importer: GovernanceContext,
  effective?: string,
): Promise<number> {
  const byStream = new Map<string, StatedFact[]>();
  for (const fact of catalogFacts(catalog, attestations, importer, effective)) byStream.set(fact.stream, [...(byStream.get(fact.stream) ?? []), fact]);
  const frame = ledgerStreams.catalog(catalog.id);
  const streams = [...byStream.keys()].sort((a, b) => Number(a === frame) - Number(b === frame));
  let recorded = 0;
  for (const stream of streams) recorded += await recordMissingRetrying(ledger, stream, byStream.get(stream)!);
  return recorded;
}

/** Each conflict means another writer recorded on the stream; another import of the same facts does so at most once per append. */
async function recordMissingRetrying(ledger: Ledger, stream: string, stated: readonly StatedFact[]): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await recordMissing(ledger, stream, stated);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt > stated.length + 1) throw error;
    }
  }
}

async function recordMissing(ledger: Ledger, stream: string, stated: readonly StatedFact[]): Promise<number> {
  const entries = await ledger.readStream(stream);
  let expected: bigint | 'no_stream' = entries.at(-1)?.revision ?? 'no_stream';
  let recorded = 0;
  for (const append of decideCatalogImport(stated, entries)) {
    expected = (await ledger.record(stream, append.events, append.context, expected)).nextRevision;
    recorded += append.events.length;
  }
  return recorded;
}
