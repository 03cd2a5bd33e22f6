/** The fiscal year the filled history covers (FY2568, from 1 October 2024 UTC), in unix seconds. */
export const HISTORY = { from: 1_727_740_800, seconds: 365 * 86_400 };

export type BatchKind = 'live' | 'backfill';

/**
 * Event times of a batch: a backfill's anywhere in the year; a live stream's in one of the history's last hours, the
 * `ordinal`-th from the end, so no live batch lands in an hour an earlier batch of the run filled: the look-up then
 * reads the history's rows of that hour (more as the table grows) and never the bench's own earlier batches, which an
 * empty table would not have.
 */
export function batchTimes(kind: BatchKind, ordinal: number): { from: number; seconds: number } {
  return kind === 'live' ? { from: HISTORY.from + HISTORY.seconds - 3600 * (ordinal + 1), seconds: 3600 } : HISTORY;
}

/**
 * `count` usage events generated on the server (no client round trip per row), numbered from `from`: random-looking
 * 33-character ids unique per `salt` and number, three platforms, 200 agencies, times spread uniformly over `times`.
 */
export function generatedRows(salt: string, from: number, count: number, times: { from: number; seconds: number }, partition: string): string {
  return `SELECT
      concat(lower(hex(cityHash64('${salt}', number))), '-', lower(hex(cityHash64(number, '${salt}')))) AS event_id,
      ['urn:dga:platform:gdx', 'urn:dga:platform:mailgothai', 'urn:dga:platform:gin'][number % 3 + 1] AS source,
      ['gdx', 'mailgothai', 'gin'][number % 3 + 1] AS platform, 'api_calls' AS metric, concat('agency-', toString(number % 200)) AS agency,
      toFloat64(number % 10) AS value, concat('u-', toString(number % 100000)) AS entity, '{}' AS dimensions,
      toDateTime(${times.from} + cityHash64(number, 'time', '${salt}') % ${times.seconds}) AS event_time,
      toUInt32(${partition}) AS kafka_partition, number AS kafka_offset, now() AS projected_at
    FROM (SELECT number + ${from} AS number FROM numbers(${count}))`;
}
