import type { ForecastMethod, Interval } from '../methods/forecast-method';
import type { Pace } from '../status/pace';
import type { Reachability } from '../status/reachability';
import type { Status } from '../status/status';

export interface MeasureForecast {
  id: string;
  /** `events` when the actual is read from usage aggregates (and forecast); `attested` values are carried as they stand. */
  source: 'events' | 'attested';
  /** The actual as of the forecast day. */
  actual: number | null;
  target: number | null;
  /** The period-end actual; `null` when there was nothing to forecast from. */
  forecast: Interval | null;
  score: Interval;
  status: Status;
  reachability: Reachability;
  /** The burn-rate style signal over a short and a long window; `null` when met or not measurable. */
  pace: Pace | null;
}

export interface NodeForecast {
  kind: 'composite' | 'indicator';
  id: string;
  name: string;
  /** The period-end score, through the catalog's own aggregation rules. */
  score: Interval;
  /** The worst status beneath. */
  status: Status;
  children: NodeForecast[];
  measures: MeasureForecast[];
}

export interface CatalogForecast {
  catalogId: string;
  asOf: string;
  periodEnd: string;
  method: ForecastMethod;
  /** Scorecards of what is known: an attested measure with no value in effect on `asOf` is left out of every score and status. */
  scorecards: NodeForecast[];
  /** Those attested measures (and any indicator, composite or scorecard they left empty): unknown until attested, never counted as 0. */
  unknown: string[];
}
