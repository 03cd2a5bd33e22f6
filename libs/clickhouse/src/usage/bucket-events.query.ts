import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse-errors';
import { sqlString } from '../sql';
import { nextDay } from './series.sql';

/** Where a page of a bucket's events starts: after this (event time, source, id), the events' order. */
export interface BucketEventsPosition {
  /** Epoch second of the event time. */
  time: number;
  source: string;
  id: string;
}

export interface BucketEventsPage {
  platform: string;
  metric: string;
  agency: string;
  /** The Bangkok day, `YYYY-MM-DD`. */
  day: string;
  after?: BucketEventsPosition;
  limit: number;
}

/** One projected event as `usage_events` holds it. */
export interface StoredEvent {
  id: string;
  source: string;
  /** Epoch seconds. */
  time: number;
  value: number;
  entity: string;
  dimensions: string;
  partition: number;
  offset: string;
  projectedAt: number;
}

export function bucketEventsSql({ platform, metric, agency, day, after, limit }: BucketEventsPage): string {
  const bangkok = (text: string) => `toDateTime(${sqlString(`${text} 00:00:00`)}, 'Asia/Bangkok')`;
  const conditions = [
    `platform = ${sqlString(platform)}`,
    `metric = ${sqlString(metric)}`,
    `agency = ${sqlString(agency)}`,
    `event_time >= ${bangkok(day)}`,
    `event_time < ${bangkok(nextDay(day))}`,
  ];
  if (after !== undefined) {
    const [time, source, id] = [`toDateTime(${Math.trunc(after.time)})`, sqlString(after.source), sqlString(after.id)];
    conditions.push(`(event_time > ${time} OR (event_time = ${time} AND (source > ${source} OR (source = ${source} AND event_id > ${id}))))`);
  }
  return (
    `SELECT event_id AS id, source, toString(value) AS value, entity, dimensions, toUnixTimestamp(event_time) AS time, ` +
    `kafka_partition AS partition, toString(kafka_offset) AS offset, toUnixTimestamp(projected_at) AS projectedAt ` +
    `FROM usage_events WHERE ${conditions.join(' AND ')} ORDER BY event_time, source, event_id LIMIT ${Math.trunc(limit)}`
  );
}

/** A page of the events behind one daily bucket, in event time order (then source and id). */
export async function queryBucketEvents(client: ClickHouseClient, page: BucketEventsPage): Promise<StoredEvent[]> {
  try {
    const result = await client.query({ query: bucketEventsSql(page), format: 'JSONEachRow' });
    const rows = await result.json<Omit<StoredEvent, 'value'> & { value: string }>();
    return rows.map((row) => ({
      ...row,
      value: Number(row.value),
      time: Number(row.time),
      partition: Number(row.partition),
      projectedAt: Number(row.projectedAt),
    }));
  } catch (error) {
    throw toClickHouseError(`bucket events of ${page.platform}/${page.metric}/${page.agency} on ${page.day}`, error);
  }
}
