import type { ClickHouseClient } from '@clickhouse/client';
import type { UsageEvent } from '@govmetrics/contracts';
import { toProjectedEvent } from '@govmetrics/projection';
import type { MetricQuery } from '@govmetrics/scoring';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { ClickHouseAggregateReader } from '../kpi/aggregate-reader.clickhouse.adapter';
import { migrate } from '../migrate';
import { ClickHouseUsageBatchSink } from './usage-batch.clickhouse.adapter';
import { queryUsageChecksums } from './usage-checksums.query';
import { USAGE_MIGRATIONS } from './usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
const BEFORE_ENTITIES = USAGE_MIGRATIONS.filter((migration) => migration.version < 5);
const ENTITIES = USAGE_MIGRATIONS.find((migration) => migration.version === 5);
const FY2564 = { fromDay: '2020-10-01', toDay: '2021-09-30' };

/**
 * Event `i` of Tang Rat: every fourth without an entity, the rest one of `users` users from `firstUser`, over four agencies,
 * two channels and FY2564's days (a few on either side of a Bangkok midnight); `logins` never carry an entity.
 */
function event(i: number, users: number, firstUser = 0): UsageEvent {
  const metric = i % 9 === 0 ? 'logins' : 'active_users';
  const entity = metric === 'logins' || i % 4 === 0 ? undefined : `u-${firstUser + (i % users)}`;
  const time = new Date(Date.parse('2020-09-30T16:30:00Z') + ((i * 7919) % 366) * 86_400_000 + (i % 3) * 1_800_000).toISOString();
  return {
    specversion: '1.0',
    id: `e-${firstUser}-${i}`,
    source: 'urn:dga:platform:tangrat',
    type: 'th.go.dga.usage.recorded.v1',
    time,
    data: { platform: 'tangrat', metric, agency: `a${i % 4}`, value: 1, entity, dimensions: { channel: i % 2 === 0 ? 'app' : 'web' } },
  };
}

const events = (count: number, users: number, firstUser = 0) => Array.from({ length: count }, (_, i) => event(i, users, firstUser));

/** What scoring asks of a distinct count: the year, one agency, one channel, a metric without entities, a span without events. */
const QUERIES: MetricQuery[] = [
  { platform: 'tangrat', metric: 'active_users', statistic: 'distinct', ...FY2564 },
  { platform: 'tangrat', metric: 'active_users', statistic: 'distinct', ...FY2564, agencies: ['a1', 'a3'] },
  { platform: 'tangrat', metric: 'active_users', statistic: 'distinct', fromDay: '2021-02-15', toDay: '2021-05-31', dimensions: { channel: 'web' } },
  { platform: 'tangrat', metric: 'logins', statistic: 'distinct', ...FY2564 },
  { platform: 'tangrat', metric: 'active_users', statistic: 'distinct', fromDay: '2019-10-01', toDay: '2019-10-31' },
];

const BUCKET = 'platform, metric, agency, dimensions, day';

describe('migration 5: usage_daily_entities, the daily distinct named entities', () => {
  let client: ClickHouseClient;
  let sink: ClickHouseUsageBatchSink;
  let reader: ClickHouseAggregateReader;
  let written: UsageEvent[] = [];

  const write = async (partition: number, firstOffset: number, batch: UsageEvent[]) => {
    const range = { partition, firstOffset: String(firstOffset), lastOffset: String(firstOffset + batch.length - 1) };
    await sink.write(
      range,
      batch.map((e, k) => toProjectedEvent(e, partition, String(firstOffset + k))),
    );
    written = [...written, ...batch];
  };

  /** Every daily bucket's count of named entities: from the new table, and straight from the raw events. */
  const buckets = async (from: 'usage_daily_entities' | 'usage_events') => {
    const query =
      from === 'usage_events'
        ? `SELECT ${BUCKET.replace('day', "toString(toDate(toTimeZone(event_time, 'Asia/Bangkok'))) AS day")},
                  toString(uniqExactIf(entity, entity != '')) AS n FROM usage_events GROUP BY ${BUCKET} ORDER BY ${BUCKET}`
        : `SELECT ${BUCKET.replace('day', 'toString(day) AS day')}, toString(uniqExactIfMerge(entities)) AS n
           FROM usage_daily_entities GROUP BY ${BUCKET} ORDER BY ${BUCKET}`;
    return (await client.query({ query, format: 'JSONEachRow' })).json();
  };

  /** Each query's value and running values as the reader answers them, beside the same computed from the events in memory. */
  const answers = async () => {
    const reference = new InMemoryAggregateReader(written);
    const read = [];
    for (const query of QUERIES) {
      read.push({ query, value: await reader.read(query), running: await reader.readRunning(query) });
    }
    const expected = await Promise.all(
      QUERIES.map(async (query) => ({ query, value: await reference.read(query), running: await reference.readRunning(query) })),
    );
    return { read, expected };
  };

  beforeAll(async () => {
    client = await connectClickHouse(config);
    sink = new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE });
    reader = new ClickHouseAggregateReader(client);
    // Given a database of the schema before migration 5, holding events with and without an entity, written by the projector
    expect(await migrate(client, BEFORE_ENTITIES)).toEqual([1, 2, 3, 4]);
    await write(0, 0, events(900, 150));
    await write(1, 0, events(900, 150).slice(0, 300));
  }, 120_000);

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('back-fills every daily bucket with its named entities, and distinct answers equal those computed from the raw events', async () => {
    expect(await migrate(client, USAGE_MIGRATIONS)).toEqual([5]);

    expect(await buckets('usage_daily_entities')).toEqual(await buckets('usage_events'));
    const { read, expected } = await answers();
    expect(read).toEqual(expected);
    // Not vacuous: most of the 150 users, 0 for a metric whose events carry no entity, null where there is no event.
    expect(read.map(({ value }) => value)).toEqual([expect.any(Number), expect.any(Number), expect.any(Number), 0, null]);
    expect(read[0]?.value).toBeGreaterThan(100);
  }, 120_000);

  it('is fed by the fold after the migration: new users count, a batch written again does not', async () => {
    const before = await reader.read(QUERIES[0] as MetricQuery);

    await write(2, 0, events(400, 41, 1000));
    await write(0, 0, events(900, 150));

    expect(await buckets('usage_daily_entities')).toEqual(await buckets('usage_events'));
    const { read, expected } = await answers();
    expect(read).toEqual(expected);
    expect(read[0]?.value).toBeGreaterThan(before as number);
  }, 120_000);

  it('changes no answer when its statements run again, as after a crash before the version was recorded', async () => {
    const [before] = await queryUsageChecksums(client, ['usage_daily_entities']);

    for (const statement of ENTITIES?.statements ?? []) await client.command({ query: statement });

    expect(await queryUsageChecksums(client, ['usage_daily_entities'])).toEqual([before]);
    expect(before?.rows).toBeGreaterThan(0);
  }, 120_000);
});
