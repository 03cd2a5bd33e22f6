import type { UsageEvent } from '@govmetrics/contracts';
import { UsageEventSchema } from '@govmetrics/contracts';

/** One event of the accepted topic, flattened for the read model, with where it was read in the log. */
export interface ProjectedEvent {
  eventId: string;
  source: string;
  platform: string;
  metric: string;
  agency: string;
  value: number;
  entity: string;
  /** Canonical JSON (keys sorted) so equal dimension sets group together. */
  dimensions: string;
  /** UTC seconds. */
  eventTime: number;
  partition: number;
  offset: string;
}

/** Error of the projection domain; `code` names the rule broken. */
export class ProjectionError extends Error {
  constructor(
    readonly code: 'MALFORMED_LOG_RECORD',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProjectionError';
  }
}

const canonicalDimensions = (dimensions: Record<string, string> = {}): string =>
  JSON.stringify(Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

export function toProjectedEvent(event: UsageEvent, partition: number, offset: string): ProjectedEvent {
  return {
    eventId: event.id,
    source: event.source,
    platform: event.data.platform,
    metric: event.data.metric,
    agency: event.data.agency,
    value: event.data.value,
    entity: event.data.entity ?? '',
    dimensions: canonicalDimensions(event.data.dimensions),
    eventTime: Math.floor(Date.parse(event.time) / 1000),
    partition,
    offset,
  };
}

/**
 * Decodes one log record. The accepted topic carries only events the ingest validated, so a record that
 * does not parse is a breach of the contract: it stops the projection rather than being skipped, because
 * skipping would make the aggregates silently wrong.
 */
export function decodeLogRecord(value: Buffer | string | null, partition: number, offset: string): ProjectedEvent {
  let json: unknown;
  try {
    json = JSON.parse(value === null ? 'null' : value.toString());
  } catch (error) {
    throw new ProjectionError('MALFORMED_LOG_RECORD', `partition ${partition} offset ${offset} is not JSON`, { cause: error });
  }
  const parsed = UsageEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `$.${issue.path.join('.')}: ${issue.message}` : 'unknown';
    throw new ProjectionError('MALFORMED_LOG_RECORD', `partition ${partition} offset ${offset} is not a usage event (${where})`, { cause: parsed.error });
  }
  return toProjectedEvent(parsed.data, partition, offset);
}
