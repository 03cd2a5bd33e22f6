import type { CatalogDefined, KpiDefined, TargetRevised, ValueAttested } from '@govmetrics/contracts';
import { bangkokDay, isBangkokDay } from '@govmetrics/contracts';
import type { LedgerEntry } from './ledger';

/** A catalog fact in force, with the governance trail of the event that put it there. */
export interface InForce<T> {
  value: T;
  /** Bangkok day from which it holds. */
  effective: string;
  who: string;
  when: string;
  why: string;
  stream: string;
  revision: bigint;
  position: bigint;
}

/** What the ledger, as it stood at `knownAt`, says held on `day`. Keys: `catalog`, `catalog/indicator` and `catalog/indicator/period`. */
export interface CatalogAsOf {
  day: string;
  /** `null`: everything recorded so far. */
  knownAt: string | null;
  catalogs: Record<string, InForce<CatalogDefined>>;
  definitions: Record<string, InForce<KpiDefined>>;
  targets: Record<string, InForce<TargetRevised>>;
  attestations: Record<string, InForce<ValueAttested>>;
}

export const indicatorKey = (catalogId: string, indicatorId: string): string => `${catalogId}/${indicatorId}`;
export const periodKey = (catalogId: string, indicatorId: string, period: string): string => `${catalogId}/${indicatorId}/${period}`;

export type CatalogEntry = LedgerEntry & { type: 'CatalogDefined' | 'KpiDefined' | 'TargetRevised' | 'ValueAttested' };

export const isCatalogEntry = (entry: LedgerEntry): entry is CatalogEntry =>
  entry.type === 'CatalogDefined' || entry.type === 'KpiDefined' || entry.type === 'TargetRevised' || entry.type === 'ValueAttested';

/**
 * The Bangkok day a catalog fact holds from: its `effective` day; for an attested value, its period when that is a
 * day (the import's convention); otherwise the day it was recorded.
 */
export function effectiveDay(entry: CatalogEntry): string {
  if (entry.type !== 'ValueAttested' && entry.data.effective !== undefined) return entry.data.effective;
  if (entry.type === 'ValueAttested' && isBangkokDay(entry.data.period)) return entry.data.period;
  return bangkokDay(Date.parse(entry.metadata.when));
}

const later = (a: InForce<unknown>, b: InForce<unknown>): boolean =>
  a.effective !== b.effective ? a.effective > b.effective : a.when !== b.when ? a.when > b.when : a.position > b.position;

/**
 * The catalog frames, definitions, targets and attested values that held on Bangkok day `day`, as the ledger stood at
 * instant `knownAt` (default: everything recorded). Bitemporal: of the events recorded (`when`) by `knownAt` that took
 * effect on or before `day`, per key the one with the latest effective day wins, then the later recorded. So a target
 * revised to take effect after `day` never changes `day`'s score, and a backdated correction does, visibly, only for
 * readers who know of it (`knownAt` after it was recorded).
 */
export function catalogAsOf(entries: readonly LedgerEntry[], options: { day: string; knownAt?: Date }): CatalogAsOf {
  const knownAt = options.knownAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const state: CatalogAsOf = {
    day: options.day,
    knownAt: options.knownAt?.toISOString() ?? null,
    catalogs: {},
    definitions: {},
    targets: {},
    attestations: {},
  };
  const keep = <T>(table: Record<string, InForce<T>>, key: string, candidate: InForce<T>): void => {
    const current = table[key];
    if (current === undefined || later(candidate, current)) table[key] = candidate;
  };
  for (const entry of entries) {
    if (!isCatalogEntry(entry) || Date.parse(entry.metadata.when) > knownAt) continue;
    const effective = effectiveDay(entry);
    if (effective > options.day) continue;
    const trail = {
      effective,
      who: entry.metadata.who,
      when: entry.metadata.when,
      why: entry.metadata.why,
      stream: entry.stream,
      revision: entry.revision,
      position: entry.position,
    };
    switch (entry.type) {
      case 'CatalogDefined':
        keep(state.catalogs, entry.data.catalogId, { value: entry.data, ...trail });
        break;
      case 'KpiDefined':
        keep(state.definitions, indicatorKey(entry.data.catalogId, entry.data.indicatorId), { value: entry.data, ...trail });
        break;
      case 'TargetRevised':
        keep(state.targets, periodKey(entry.data.catalogId, entry.data.indicatorId, entry.data.period), { value: entry.data, ...trail });
        break;
      case 'ValueAttested':
        keep(state.attestations, periodKey(entry.data.catalogId, entry.data.indicatorId, entry.data.period), { value: entry.data, ...trail });
        break;
    }
  }
  return state;
}
