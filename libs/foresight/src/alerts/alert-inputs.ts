import type { CatalogForecast } from '../forecast/forecast-report';

/** What the rules are judged on, read at one moment; a replay passes the same figures and gets the same transitions. */
export interface AlertInputs {
  /** The instant silence is measured against: the wall clock, or the newest event time any platform sent (a replayed year). */
  reference: string;
  /** Forecasts as of the reference day, by catalog id; a catalog absent here leaves its rules unjudged. */
  forecasts: ReadonlyMap<string, CatalogForecast>;
  /** Each platform's newest event time (ISO instant); a platform never seen is absent and not judged silent. */
  newestEvents: ReadonlyMap<string, string>;
  /** The projector's progress on each partition of the fact stream, read just before `newestEvents`; null when unreadable. */
  projector: readonly PartitionProgress[] | null;
  /** Each scorecard's newest snapshot, by `<catalogId>/<scorecardId>`: filled from the ledger by `evaluateFromLedger`. */
  snapshots?: ReadonlyMap<string, SnapshotState>;
}

/** One partition of the fact stream as the projector stands on it: records not folded yet, and the newest event time it folded. */
export interface PartitionProgress {
  partition: number;
  lag: number;
  /** ISO instant; null while nothing of the partition is in ClickHouse. */
  newestFolded: string | null;
}

/** What a provisional-past-deadline rule reads of a scorecard's newest snapshot. */
export interface SnapshotState {
  /** Event time up to which usage was counted. */
  asOf: string;
  provisional: boolean;
}

/**
 * A rule's condition judged: whether it holds, one line saying why, and the figures it was judged on. `holds: null` is
 * deferred: the inputs cannot say yet (the projector is behind), so an open alert stays open and none fires.
 */
export interface Judgement {
  holds: boolean | null;
  summary: string;
  observed: Record<string, string | number | boolean | null>;
}
