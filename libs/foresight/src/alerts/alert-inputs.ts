import type { CatalogForecast } from '../forecast/forecast-report';

/** What the rules are judged on, read at one moment; a replay passes the same figures and gets the same transitions. */
export interface AlertInputs {
  /** The instant silence is measured against: the wall clock, or the newest event time any platform sent (a replayed year). */
  reference: string;
  /** Forecasts as of the reference day, by catalog id; a catalog absent here leaves its rules unjudged. */
  forecasts: ReadonlyMap<string, CatalogForecast>;
  /** Each platform's newest event time (ISO instant); a platform never seen is absent and not judged silent. */
  newestEvents: ReadonlyMap<string, string>;
  /** Each scorecard's newest snapshot, by `<catalogId>/<scorecardId>`: filled from the ledger by `evaluateFromLedger`. */
  snapshots?: ReadonlyMap<string, SnapshotState>;
}

/** What a provisional-past-deadline rule reads of a scorecard's newest snapshot. */
export interface SnapshotState {
  /** Event time up to which usage was counted. */
  asOf: string;
  provisional: boolean;
}

/** A rule's condition judged: whether it holds, one line saying why, and the figures it was judged on. */
export interface Judgement {
  holds: boolean;
  summary: string;
  observed: Record<string, string | number | boolean | null>;
}
