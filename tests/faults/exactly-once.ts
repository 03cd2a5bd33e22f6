import type { ClickHouseClient } from '@clickhouse/client';
import type { UsageEvent } from '@govmetrics/contracts';
import { bangkokDay } from '@govmetrics/contracts';
import { eventKey } from './steady-sender';

/** What ClickHouse holds of the acknowledged events: each counted once, none lost, none twice. */
export interface Tally {
  acked: number;
  counted: number;
  duplicates: number;
  lost: number;
}

/** Every (source, id) row of the raw table, with how many times it is there. */
async function rowsById(clickhouse: ClickHouseClient): Promise<Map<string, number>> {
  const result = await clickhouse.query({
    query: 'SELECT source, event_id AS id, count() AS n FROM usage_events GROUP BY source, event_id',
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ source: string; id: string; n: string | number }>();
  return new Map(rows.map((row) => [eventKey(row), Number(row.n)]));
}

export async function tally(clickhouse: ClickHouseClient, acked: readonly string[]): Promise<Tally> {
  const rows = await rowsById(clickhouse);
  const counted = acked.filter((key) => rows.has(key)).length;
  const duplicates = [...rows.values()].reduce((extra, n) => extra + n - 1, 0);
  return { acked: acked.length, counted, duplicates, lost: acked.length - counted };
}

/** The acknowledged events not counted. */
export async function missingOf(clickhouse: ClickHouseClient, acked: readonly string[]): Promise<string[]> {
  const rows = await rowsById(clickhouse);
  return acked.filter((key) => !rows.has(key));
}

/** Polls until every one of `acked` is counted (or `timeoutMs` passed); the last tally. */
export async function untilCounted(clickhouse: ClickHouseClient, acked: readonly string[], timeoutMs: number): Promise<Tally> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await tally(clickhouse, acked).catch(() => undefined);
    if (seen && (seen.lost === 0 || Date.now() > deadline)) return seen;
    if (!seen && Date.now() > deadline) throw new Error(`ClickHouse did not answer within ${timeoutMs} ms`);
    await new Promise((later) => setTimeout(later, 500));
  }
}

/**
 * Each (platform, Bangkok day)'s sum and count in `usage_daily` beside the same computed from the acknowledged events
 * alone, each once: the lines that differ (none when the aggregates are exact).
 */
export async function aggregateMismatches(clickhouse: ClickHouseClient, acked: Iterable<UsageEvent>): Promise<string[]> {
  const expected = new Map<string, { sum: number; count: number }>();
  for (const event of acked) {
    const key = `${event.data.platform}|${bangkokDay(Date.parse(event.time))}`;
    const bucket = expected.get(key) ?? { sum: 0, count: 0 };
    expected.set(key, { sum: bucket.sum + event.data.value, count: bucket.count + 1 });
  }
  const result = await clickhouse.query({
    query: `SELECT platform, toString(day) AS day, sumMerge(value_sum) AS sum, countMerge(event_count) AS count FROM usage_daily GROUP BY platform, day`,
    format: 'JSONEachRow',
  });
  const actual = new Map(
    (await result.json<{ platform: string; day: string; sum: number | string; count: number | string }>()).map((row) => [
      `${row.platform}|${row.day}`,
      { sum: Number(row.sum), count: Number(row.count) },
    ]),
  );
  return [...new Set([...expected.keys(), ...actual.keys()])]
    .filter((key) => expected.get(key)?.sum !== actual.get(key)?.sum || expected.get(key)?.count !== actual.get(key)?.count)
    .map((key) => `${key}: expected ${JSON.stringify(expected.get(key))}, ClickHouse ${JSON.stringify(actual.get(key))}`);
}
