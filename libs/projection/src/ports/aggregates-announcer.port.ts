import type { AggregatesChanged } from '@govmetrics/contracts';

/**
 * Tells the read model's followers which buckets a projected batch changed. `publish` resolves once the
 * announcements are durable, all of them in one request; it fails with a `DependencyError` (`@govmetrics/contracts`).
 */
export interface AggregatesAnnouncer {
  publish(...changes: AggregatesChanged[]): Promise<void>;
}
