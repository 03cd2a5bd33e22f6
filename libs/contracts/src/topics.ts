import type { UsageEvent } from './usage-event.schema';

/** Kafka topics that are part of the public contract. */
export const TOPICS = {
  /** Every accepted usage event, forever: the fact stream the read models are rebuilt from. */
  usageEvents: 'usage.events.v1',
  /** Where platforms that speak Kafka produce unvalidated events; the ingest validator reads it. */
  usageRaw: 'usage.raw.v1',
  /** Raw events the validator refused, unchanged unless they carry personal data (then redacted), with the reason in headers (see `DLQ_HEADERS`). */
  usageDlq: 'usage.dlq.v1',
  /** Which aggregate buckets a projected batch touched: what the scoring service follows. */
  aggregatesChanged: 'usage.aggregates.changed.v1',
  /** A KPI attainment that changed: one message per new score snapshot. */
  kpiAttainment: 'kpi.attainment.v1',
  /** Records a consumer could not process after the contract accepted them, unchanged, with why in headers (`QUARANTINE_HEADERS`); kept forever. */
  quarantine: 'usage.quarantine.v1',
  /** Platforms' "day D is complete for metric M" declarations (`CompletenessDeclaration`), from the HTTP ingest or the platform itself; kept forever. */
  completeness: 'usage.completeness.v1',
  /** Per HTTP batch, its verdicts counted (`VerdictSummary`, key platform): what the board's rejections and duplicates come from. */
  verdicts: 'usage.verdicts.v1',
} as const;

/** Partition key: keeps one platform's events for one agency in order on one partition. */
export const usageEventKey = (event: UsageEvent): string => `${event.data.platform}:${event.data.agency}`;

/** Headers of a dead-lettered message: why it was refused and where it came from. */
export const DLQ_HEADERS = {
  /**
   * JSON array of rejections `[{path, rule, message}]`, bounded (20 entries, 8 KiB): when more were found, the last
   * entry is `{path: '$', rule: 'too_many_errors'}` saying how many are not listed.
   */
  rejections: 'govmetrics-rejections',
  /** How many rejections the record had in all, listed or not. */
  rejectionCount: 'govmetrics-rejection-count',
  /** Set (to `pii_in_clear`) when key or value carried personal data: they are then a redacted copy, never the original. */
  redacted: 'govmetrics-redacted',
  /** sha256 (hex) of the original value a redacted copy replaced, so its sender can tell which record it was. */
  originalSha256: 'govmetrics-original-sha256',
  /** The first rejection's rule, for filtering without parsing JSON. */
  rule: 'govmetrics-rule',
  sourceTopic: 'govmetrics-source-topic',
  sourcePartition: 'govmetrics-source-partition',
  sourceOffset: 'govmetrics-source-offset',
} as const;

/** Headers of a quarantined record (its key, value and own headers are kept unchanged). */
export const QUARANTINE_HEADERS = {
  /** A rule-like code: `invalid_json`, `clickhouse_cannot_parse_escape_sequence`, … */
  reason: 'govmetrics-quarantine-reason',
  /** What the consumer was told, at most 1,000 characters. */
  message: 'govmetrics-quarantine-message',
  /** The service that quarantined it. */
  consumer: 'govmetrics-quarantine-consumer',
  sourceTopic: DLQ_HEADERS.sourceTopic,
  sourcePartition: DLQ_HEADERS.sourcePartition,
  sourceOffset: DLQ_HEADERS.sourceOffset,
} as const;

/** Header a replayed record carries: the quarantine offset (`partition:offset`) it was re-produced from. */
export const REPLAYED_FROM_QUARANTINE_HEADER = 'govmetrics-replayed-from-quarantine';
