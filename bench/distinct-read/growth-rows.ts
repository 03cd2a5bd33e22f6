import { USAGE_EVENT_COLUMNS } from '@govmetrics/clickhouse';

/** FY2564 in Bangkok, in unix seconds: 2020-10-01T00:00+07:00 up to, not including, 2021-10-01. */
const FY_START_S = 1_601_485_200;
const SPAN_S = 365 * 86_400;

/**
 * Rows `from` to `from + count - 1` of a stream of `total` events generated on the server, with the mix and shape of
 * tools/devkit's `orderedUsage` (bench/pipeline-growth): in time order over FY2564 (within an hour), 30 agencies, 70%
 * GDX API calls and 30% the four parts of indicator A1, among them Tang Rat's active users, each one of 20,000
 * `hmac-v1:` pseudonyms. The hashes differ from orderedUsage's, the distribution does not. `pastYear`: the same rows
 * 365 days earlier (FY2563), under ids of their own.
 */
export function growthRows(from: number, count: number, total: number, pastYear = false): string {
  const start = pastYear ? FY_START_S - SPAN_S : FY_START_S;
  const share = 'cityHash64(number, 1) % 100';
  const pick = (values: string[]) =>
    `multiIf(${share} < 70, ${values[0]}, ${share} < 79, ${values[1]}, ${share} < 89, ${values[2]}, ${share} < 99, ${values[3]}, ${values[4]})`;
  const value = [
    '1 + cityHash64(number, 3) % 1000',
    '1 + cityHash64(number, 3) % 20',
    '1 + cityHash64(number, 3) % 5',
    '1',
    `9000000 + intDiv(number * 160000, ${total})`,
  ];
  const user = "concat('hmac-v1:', lower(hex(SHA256(concat('tangrat-user-', toString(cityHash64(number, 3) % 20000))))))";
  return `INSERT INTO usage_events (${USAGE_EVENT_COLUMNS})
    SELECT concat('${pastYear ? 'p' : 'g'}', toString(number)) AS event_id, concat('urn:dga:platform:', platform) AS source,
      ${pick(["'gdx'", "'thailandplus'", "'lawportal'", "'tangrat'", "'morchana'"])} AS platform,
      ${pick(["'api_calls'", "'registrations'", "'comments'", "'active_users'", "'registered_users'"])} AS metric,
      concat('agency-', toString(cityHash64(number, 4) % 30)) AS agency,
      toFloat64(${pick(value)}) AS value,
      if(platform = 'tangrat', ${user}, '') AS entity, '{}' AS dimensions,
      toDateTime(least(${start} + intDiv(number * ${SPAN_S}, ${total}) + cityHash64(number, 2) % 3600, ${start + SPAN_S - 1})) AS event_time,
      toUInt32(number % 6) AS kafka_partition, intDiv(number, 6) AS kafka_offset, now() AS projected_at
    FROM (SELECT number + ${from} AS number FROM numbers(${count}))`;
}
