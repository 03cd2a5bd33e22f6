import type { ClickHouseClient } from '@clickhouse/client';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { sqlString } from '../sql';
import { queryBucketTotals, queryMetricTotal } from '../usage/metric-total.query';
import { USAGE_MIGRATIONS } from '../usage/usage.migrations';
import { ClickHouseAggregateReader } from './aggregate-reader.clickhouse.adapter';
import { NonFiniteAggregateError } from './non-finite-aggregate';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
const DAY = '2021-03-01';
const bucket = (agency: string, metric = 'api_calls') => ({ platform: 'gdx', metric, agency, day: DAY });

/** Raw rows as the fold writes them; `value` is a ClickHouse literal, so `nan` and `inf` can be written as such. */
const insertEvents = (client: ClickHouseClient, rows: { agency: string; metric?: string; value: string }[]) =>
  client.command({
    query:
      'INSERT INTO usage_events (event_id, source, platform, metric, agency, value, entity, dimensions, ' +
      'event_time, kafka_partition, kafka_offset, projected_at) VALUES ' +
      rows
        .map(
          ({ agency, metric = 'api_calls', value }, n) =>
            `(${sqlString(`nf-${n}`)}, 'urn:dga:platform:gdx', 'gdx', ${sqlString(metric)}, ${sqlString(agency)}, ` +
            `${value}, '', '{}', '${DAY} 03:00:00', 0, ${n}, now())`,
        )
        .join(', '),
  });

describe('reads of a non-finite aggregate on ClickHouse 18.16', () => {
  let client: ClickHouseClient;

  beforeAll(async () => {
    // Given gdx's api_calls of 1 March: moph's two 1e308 overflow to inf, mof's two -1e308 to -inf, mict's 5 is finite,
    // and a datasets value that is nan itself
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    await insertEvents(client, [
      { agency: 'moph', value: '1e308' },
      { agency: 'moph', value: '1e308' },
      { agency: 'mof', value: '-1e308' },
      { agency: 'mof', value: '-1e308' },
      { agency: 'mict', value: '5' },
      { agency: 'moph', metric: 'datasets', value: 'nan' },
    ]);
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('renders an overflowed sum as null in JSON: the cause of the total of 0 with events 2', async () => {
    const result = await client.query({
      query: "SELECT sumMerge(value_sum) AS total, countMerge(event_count) AS events FROM usage_daily WHERE agency = 'moph' AND metric = 'api_calls'",
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([{ total: null, events: '2' }]);
  });

  it.each([
    ['inf', { agency: 'moph' }],
    ['-inf', { agency: 'mof' }],
    ['nan', { agency: 'moph', metric: 'datasets' }],
    ['nan', {}],
  ])('answers a metric total that is %s with a typed error naming the aggregate, never 0 (%j)', async (rendered, selected) => {
    const filter = { platform: 'gdx', metric: 'api_calls', fromDay: DAY, toDay: DAY, ...selected };
    const refusal = queryMetricTotal(client, filter);
    await expect(refusal).rejects.toBeInstanceOf(NonFiniteAggregateError);
    await expect(refusal).rejects.toMatchObject({
      code: 'NON_FINITE_AGGREGATE',
      retriable: false,
      poison: true,
      rendered,
      selection: { platform: 'gdx', metric: filter.metric, agencies: 'agency' in selected ? [selected.agency] : null, fromDay: DAY, toDay: DAY },
    });
  });

  it('still answers a finite total beside them', async () => {
    await expect(queryMetricTotal(client, { platform: 'gdx', metric: 'api_calls', agency: 'mict' })).resolves.toEqual({ total: 5, events: 1 });
  });

  it('reads a non-finite bucket total as NaN beside the finite ones, so the live stream can tell it from a number', async () => {
    const totals = await queryBucketTotals(client, [bucket('moph'), bucket('mof'), bucket('mict'), bucket('moph', 'datasets')]);
    const byKey = Object.fromEntries(totals.map((total) => [`${total.metric}/${total.agency}`, [total.total, total.events]]));
    expect(byKey).toEqual({ 'api_calls/moph': [Number.NaN, 2], 'api_calls/mof': [Number.NaN, 2], 'api_calls/mict': [5, 1], 'datasets/moph': [Number.NaN, 1] });
  });

  it('refuses to give scoring a non-finite sum or average, and still gives it finite statistics of the same events', async () => {
    const reader = new ClickHouseAggregateReader(client);
    const query = { platform: 'gdx', metric: 'api_calls', agencies: ['moph'], fromDay: '2020-10-01', toDay: '2021-09-30' };
    for (const statistic of ['sum', 'average'] as const) {
      await expect(reader.read({ ...query, statistic })).rejects.toMatchObject({ code: 'NON_FINITE_AGGREGATE', selection: { agencies: ['moph'] } });
    }
    await expect(reader.read({ ...query, statistic: 'count' })).resolves.toBe(2);
    await expect(reader.read({ ...query, statistic: 'latest' })).resolves.toBe(1e308);
    await expect(reader.read({ ...query, agencies: ['mict'], statistic: 'sum' })).resolves.toBe(5);
  });
});
