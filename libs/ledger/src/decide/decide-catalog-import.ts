import type { GovernanceContext } from '@govmetrics/contracts';
import { canonicalJson } from '../canonical-json';
import { isCatalogEntry } from '../catalog-as-of';
import type { CatalogFact, StatedFact } from '../catalog-import';
import type { LedgerEntry } from '../ledger';

/** Events one append records on one stream, under one governance context (a ledger event carries one). */
export interface CatalogAppend {
  stream: string;
  events: CatalogFact[];
  context: GovernanceContext;
}

/** The key a fact replaces an earlier one under: the frame or definition, or the target/value of one period, from one effective day. */
const factKey = (event: CatalogFact): string =>
  event.type === 'ValueAttested'
    ? `${event.type}/${event.data.period}`
    : `${event.type}/${event.type === 'TargetRevised' ? event.data.period : ''}/${event.data.effective ?? ''}`;

/** The stated facts of one stream that the stream's latest events for the same key do not already say, in order. */
export function factsToRecord(stated: readonly StatedFact[], recorded: readonly LedgerEntry[]): StatedFact[] {
  const inForce = new Map<string, string>();
  for (const entry of recorded) if (isCatalogEntry(entry)) inForce.set(factKey(entry), canonicalJson(entry.data));
  return stated.filter((fact) => inForce.get(factKey(fact.event)) !== canonicalJson(fact.event.data));
}

/**
 * What importing `stated` (the facts of one stream) into a stream holding `recorded` appends, in order: nothing when the
 * stream already says it all; else one append per run of missing facts with the same who and why.
 */
export function decideCatalogImport(stated: readonly StatedFact[], recorded: readonly LedgerEntry[]): CatalogAppend[] {
  const appends: CatalogAppend[] = [];
  for (const fact of factsToRecord(stated, recorded)) {
    const last = appends.at(-1);
    if (last && canonicalJson(last.context) === canonicalJson(fact.context)) last.events.push(fact.event);
    else appends.push({ stream: fact.stream, events: [fact.event], context: fact.context });
  }
  return appends;
}
