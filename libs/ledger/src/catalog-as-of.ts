import type { KpiDefined, TargetRevised, ValueAttested } from '@govmetrics/contracts';
import type { LedgerEntry } from './ledger';

/** A catalog fact in force, with the governance trail of the event that put it there. */
export interface InForce<T> {
  value: T;
  who: string;
  when: string;
  why: string;
  stream: string;
  revision: bigint;
}

/** What the ledger said about a catalog at one instant. Keys: `catalog/indicator` and `catalog/indicator/period`. */
export interface CatalogAsOf {
  at: string;
  definitions: Record<string, InForce<KpiDefined>>;
  targets: Record<string, InForce<TargetRevised>>;
  attestations: Record<string, InForce<ValueAttested>>;
}

export const indicatorKey = (catalogId: string, indicatorId: string): string => `${catalogId}/${indicatorId}`;
export const periodKey = (catalogId: string, indicatorId: string, period: string): string => `${catalogId}/${indicatorId}/${period}`;

/**
 * The definitions, targets and attested values in force at `at`: of the events recorded (metadata `when`) up to
 * that instant, the latest per indicator, or per indicator and period, wins; ties in `when` go to the later position.
 * Pass the end of a Bangkok day for "as of that date".
 */
export function catalogAsOf(entries: readonly LedgerEntry[], at: Date): CatalogAsOf {
  const state: CatalogAsOf = { at: at.toISOString(), definitions: {}, targets: {}, attestations: {} };
  const known = entries
    .filter((entry) => Date.parse(entry.metadata.when) <= at.getTime())
    .sort((a, b) => Date.parse(a.metadata.when) - Date.parse(b.metadata.when) || (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  for (const entry of known) {
    const trail = { who: entry.metadata.who, when: entry.metadata.when, why: entry.metadata.why, stream: entry.stream, revision: entry.revision };
    switch (entry.type) {
      case 'KpiDefined':
        state.definitions[indicatorKey(entry.data.catalogId, entry.data.indicatorId)] = { value: entry.data, ...trail };
        break;
      case 'TargetRevised':
        state.targets[periodKey(entry.data.catalogId, entry.data.indicatorId, entry.data.period)] = { value: entry.data, ...trail };
        break;
      case 'ValueAttested':
        state.attestations[periodKey(entry.data.catalogId, entry.data.indicatorId, entry.data.period)] = { value: entry.data, ...trail };
        break;
      case 'ScoreSnapshotRecorded':
      case 'IngestionReceiptRecorded':
        break;
    }
  }
  return state;
}
