import type { ClickHouseClient } from '@clickhouse/client';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { BUCKETS_PER_QUERY, bucketTotalsSql, queryBucketTotals } from './metric-total.query';
import { USAGE_MIGRATIONS } from './usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
const BUCKETS = 6_000;
/** Agency codes as long as the contract allows (64), so the buckets' SQL is as large as it can be. */
const agency = (n: number) => `a${String(n).padStart(63, '0')}`;

describe('reading the totals of a backfill’s worth of buckets on ClickHouse 18.16', () => {
  let client: ClickHouseClient;
  const buckets = Array.from({ length: BUCKETS }, (_, n) => ({ platform: 'gdx', metric: 'api_calls', agency: agency(n), day: '2021-03-01' }));

  beforeAll(async () => {
    // Given one event of value n in each of 6,000 buckets (one per agency) of gdx's api_calls on 1 March
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    await client.command({
      query:
        `INSERT INTO usage_events SELECT toString(number), 'urn:dga:platform:gdx', 'gdx', 'api_calls', ` +
        `concat('a', substring(concat('${'0'.repeat(63)}', toString(number)), length(toString(number)) + 1)), ` +
        `toFloat64(number), '', '{}',
                toDateTime('2021-03-01 03:00:00', 'UTC'), 0, number, now() FROM system.numbers LIMIT ${BUCKETS}`,
    });
  }, 60_000);

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('fails as one IN (…) of every bucket: the query is larger than the server takes', async () => {
    await expect(client.query({ query: bucketTotalsSql(buckets), format: 'JSONEachRow' })).rejects.toThrow(/Max query size exceeded/);
  });

  it(`reads all 6,000 in queries of ${BUCKETS_PER_QUERY} buckets, each bucket once with its own total`, async () => {
    const totals = await queryBucketTotals(client, buckets);
    expect(totals).toHaveLength(BUCKETS);
    expect(new Set(totals.map((total) => total.agency)).size).toBe(BUCKETS);
    expect(totals.every((total) => total.events === 1 && total.total === Number(total.agency.slice(1)))).toBe(true);
  });
});
