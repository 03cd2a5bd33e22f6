import type { UsageEvent } from '@govmetrics/contracts';
import { toRejections, UsageEventSchema } from '@govmetrics/contracts';

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

/**
 * Records of the log that cannot be projected; `code` names the rule broken. It is poison (`poison === true`,
 * duck-typed by the Kafka transport): the records are to blame, `offsets` names them and `reason` is a rule-like
 * code (`invalid_json`, or the contract's rule at the first issue), so they are quarantined and their partition moves on.
 */
export class ProjectionError extends Error {
  readonly poison = true;
  readonly records: readonly RefusedRecord[];
  constructor(
    readonly code: 'MALFORMED_LOG_RECORD',
    message: string,
    readonly offsets: readonly string[],
    readonly reason: string,
    options?: { cause?: unknown; records?: readonly RefusedRecord[] },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'ProjectionError';
    this.records = options?.records ?? offsets.map((offset) => ({ offset, reason, message }));
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
 * Decodes one log record. The accepted topic should carry only events the ingest validated, but older intakes
 * and anyone with broker access may have written others: such a record throws a poison `ProjectionError`,
 * never a silent skip, so it is quarantined where it can be seen and replayed.
 */
export function decodeLogRecord(value: Buffer | string | null, partition: number, offset: string): ProjectedEvent {
  let json: unknown;
  try {
    json = JSON.parse(value === null ? 'null' : value.toString());
  } catch (error) {
    throw new ProjectionError('MALFORMED_LOG_RECORD', `partition ${partition} offset ${offset} is not JSON`, [offset], 'invalid_json', { cause: error });
  }
  const parsed = UsageEventSchema.safeParse(json);
  if (!parsed.success) {
    const [first] = toRejections(parsed.error);
    const where = first ? `${first.path}: ${first.message}` : 'unknown';
    throw new ProjectionError(
      'MALFORMED_LOG_RECORD',
      `partition ${partition} offset ${offset} is not a usage event (${where})`,
      [offset],
      first?.rule ?? 'not_a_usage_event',
      { cause: parsed.error },
    );
  }
  return toProjectedEvent(parsed.data, partition, offset);
}

/** What poison `ProjectionError` says about each record it names. */
export interface RefusedRecord {
  offset: string;
  reason: string;
  message: string;
}

/** Decodes a partition's records; when some cannot be, throws one `ProjectionError` naming each of them with its own reason. */
export function decodeLogRecords(records: readonly { value: Buffer | string | null; offset: string }[], partition: number): ProjectedEvent[] {
  const events: ProjectedEvent[] = [];
  const refused: RefusedRecord[] = [];
  for (const record of records) {
    try {
      events.push(decodeLogRecord(record.value, partition, record.offset));
    } catch (error) {
      if (!(error instanceof ProjectionError)) throw error;
      refused.push({ offset: record.offset, reason: error.reason, message: error.message });
    }
  }
  const [first] = refused;
  if (!first) return events;
  const message = refused.length === 1 ? first.message : `${refused.length} records cannot be projected, first: ${first.message}`;
  throw new ProjectionError(
    'MALFORMED_LOG_RECORD',
    message,
    refused.map((record) => record.offset),
    first.reason,
    { records: refused },
  );
}
