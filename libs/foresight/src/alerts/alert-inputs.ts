import type { CatalogForecast } from '../forecast/forecast-report';

/** What the rules are judged on, read at one moment; a replay passes the same figures and gets the same transitions. */
export interface AlertInputs {
  /** The instant silence is measured against: the wall clock, or the newest event time any platform sent (a replayed year). */
  reference: string;
  /** Forecasts as of the reference day, by catalog id; a catalog absent here leaves its rules unjudged. */
  forecasts: ReadonlyMap<string, CatalogForecast>;
  /** Each platform's newest event time (ISO instant); a platform never seen is absent and not judged silent. */
  newestEvents: ReadonlyMap<string, string>;
}

/** A rule's condition judged: whether it holds, one line saying why, and the figures it was judged on. */
export interface Judgement {
  holds: boolean;
  summary: string;
  observed: Record<string, string | number | null>;
}
