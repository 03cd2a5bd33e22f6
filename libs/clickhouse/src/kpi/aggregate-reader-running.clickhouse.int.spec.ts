import type { ClickHouseClient } from '@clickhouse/client';
import { generateFy2564 } from '@govmetrics/demo-data';
import { toProjectedEvent } from '@govmetrics/projection';
import type { AggregateReader, MetricQuery } from '@govmetrics/scoring';
import { InMemoryAggregateReader, parseAttestations, parseCatalog, scoreCatalog } from '@govmetrics/scoring';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { ClickHouseUsageBatchSink } from '../usage/usage-batch.clickhouse.adapter';
import { USAGE_MIGRATIONS } from '../usage/usage.migrations';
import { ClickHouseAggregateReader } from './aggregate-reader.clickhouse.adapter';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
const catalogFile = (name: string) => readFileSync(resolve(__dirname, '../../../../catalogs', name), 'utf8');
const MONTH_ENDS = ['2020-10-31', '2020-11-30', '2020-12-31', '2021-01-31', '2021-02-28', '2021-03-31', '2021-04-01', '2021-06-30', '2021-09-30'];

/** Every query scoring the FY2564 catalog asks: each statistic the catalog uses, dimensions and agency filters included. */
async function catalogQueries(): Promise<MetricQuery[]> {
  const queries: MetricQuery[] = [];
  const recording: AggregateReader = { read: (query) => (queries.push(query), Promise.resolve(null)) };
  const { attestations } = parseAttestations(catalogFile('dga-fy2564.attested.yaml'));
  await scoreCatalog(parseCatalog(catalogFile('dga-fy2564.yaml')), { reader: recording, attestations }, '2021-09-30');
  return queries;
}

describe(`${ClickHouseAggregateReader.name}.readRunning over the FY2564 demo year`, () => {
  const events = generateFy2564();
  const reference = new InMemoryAggregateReader(events);
  let client: ClickHouseClient;
  let reader: ClickHouseAggregateReader;
  let queries: MetricQuery[];

  beforeAll(async () => {
    // Given a year of generated usage events in the ClickHouse read model, and the queries the catalog's scoring asks
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    const sink = new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE });
    await sink.write(
      { partition: 0, firstOffset: '0', lastOffset: String(events.length - 1) },
      events.map((event, i) => toProjectedEvent(event, 0, String(i))),
    );
    reader = new ClickHouseAggregateReader(client);
    const fromCatalog = await catalogQueries();
    const [first] = fromCatalog;
    // Plus what the catalog does not ask: a count, a range beginning mid-year, and no agency at all.
    queries = [...fromCatalog, { ...first!, statistic: 'count' }, { ...first!, fromDay: '2021-02-15' }, { ...first!, agencies: [] }];
  }, 180_000);

  afterAll(async () => {
    await client?.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client?.close();
  });

  it('covers every statistic, a dimension filter and an agency filter', () => {
    expect(new Set(queries.map((query) => query.statistic))).toEqual(new Set(['sum', 'count', 'latest', 'distinct', 'agencies', 'average']));
    expect(queries.some((query) => query.dimensions !== undefined) && queries.some((query) => query.agencies?.length === 1)).toBe(true);
  });

  it('answers each day of the range exactly as the in-memory reference computes that day from the events', async () => {
    for (const query of queries) {
      // One after the other: the reference computes synchronously, and a response left unread meanwhile can be dropped.
      const running = await reader.readRunning(query);
      expect({ query, running }).toEqual({ query, running: await reference.readRunning(query) });
    }
  }, 180_000);

  it('answers each day exactly as the per-day read it replaces (one query per day) does', async () => {
    for (const query of queries) {
      const running = await reader.readRunning(query);
      for (const day of MONTH_ENDS.filter((end) => query.fromDay <= end && end <= query.toDay)) {
        const index = Math.round((Date.parse(day) - Date.parse(query.fromDay)) / 86_400_000);
        expect({ query, day, value: running[index] }).toEqual({ query, day, value: await reader.read({ ...query, toDay: day }) });
      }
    }
  }, 180_000);

  it('answers a range with nothing in it with null for every day, not zero', async () => {
    const [first] = queries;
    expect(await reader.readRunning({ ...first!, fromDay: '2019-10-01', toDay: '2019-10-05' })).toEqual([null, null, null, null, null]);
  });
});
