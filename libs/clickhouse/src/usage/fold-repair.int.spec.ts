import type { ClickHouseClient } from '@clickhouse/client';
import type { BatchRange, ProjectedEvent } from '@govmetrics/projection';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { foldRepair } from './fold-repair';
import { ClickHouseUsageBatchSink } from './usage-batch.clickhouse.adapter';
import { USAGE_MIGRATIONS } from './usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });
const view = (name: string) => USAGE_MIGRATIONS.flatMap((migration) => migration.statements).filter((statement) => statement.includes(`${name} TO`));

/** `count` events of `partition` from offset 0, ids `<prefix>-<n>`, over 5 days and 3 agencies; values 1..1000. */
function batch(prefix: string, partition: number, count: number): { range: BatchRange; events: ProjectedEvent[] } {
  const events = Array.from({ length: count }, (_, n) => ({
    eventId: `${prefix}-${n}`,
    source: 'urn:dga:platform:gdx',
    platform: 'gdx',
    metric: 'api_calls',
    agency: `agency-${n % 3}`,
    value: 1 + ((7919 * n) % 1000),
    entity: `citizen-${n % 11}`,
    dimensions: '{}',
    eventTime: Date.UTC(2021, 2, 1 + (n % 5), n % 24) / 1000,
    partition,
    offset: String(n),
  }));
  return { range: { partition, firstOffset: '0', lastOffset: String(count - 1) }, events };
}

describe('foldRepair', () => {
  let client: ClickHouseClient;
  let sink: ClickHouseUsageBatchSink;

  beforeAll(async () => {
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    // The fold with its repair, as the cluster sink runs it, here on one server's tables.
    sink = new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE, repair: foldRepair() });
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  /** count, sum, distinct entities and latest value of `platform`'s daily and hourly aggregates, as readers merge them. */
  async function aggregates(table: 'usage_daily' | 'usage_hourly') {
    const result = await client.query({
      query: `SELECT countMerge(event_count) AS n, sumMerge(value_sum) AS total, uniqExactMerge(entities) AS entities,
                     argMaxMerge(last_value) AS latest FROM ${table} WHERE platform = 'gdx'`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string; total: number; entities: string; latest: number }>();
    return { n: Number(row?.n), total: row?.total, entities: Number(row?.entities), latest: row?.latest };
  }

  const expected = (events: readonly ProjectedEvent[]) => ({
    n: events.length,
    total: events.reduce((sum, event) => sum + event.value, 0),
    entities: new Set(events.map((event) => event.entity)).size,
    latest: [...events].sort((a, b) => a.eventTime - b.eventTime || (a.eventId < b.eventId ? -1 : 1)).at(-1)?.value,
  });

  it('writes the daily contribution a fold left out, and nothing twice, however often the batch is written again', async () => {
    // Given a batch whose fold wrote usage_events and usage_hourly but not usage_daily (its view was not there)
    const { range, events } = batch('holed', 0, 300);
    await foldWithoutDaily({ range, events });
    expect((await aggregates('usage_daily')).n).toBe(0);

    // When the batch is written again, three times
    for (let attempt = 0; attempt < 3; attempt++) await sink.write(range, events);

    // Then both aggregates hold every event once, with the statistics the views would have written
    expect(await aggregates('usage_daily')).toEqual(expected(events));
    expect(await aggregates('usage_hourly')).toEqual(expected(events));
  });

  /** Writes `batch` as a fold would that wrote usage_events and the other aggregates, then died before `missed`'s view. */
  async function foldWithout(missed: string, { range, events }: ReturnType<typeof batch>): Promise<void> {
    await client.command({ query: `DROP TABLE ${missed}` });
    try {
      await new ClickHouseUsageBatchSink(client, { database: config.CLICKHOUSE_DATABASE }).write(range, events);
    } finally {
      for (const statement of view(missed)) await client.command({ query: statement });
    }
  }
  const foldWithoutDaily = (holed: ReturnType<typeof batch>) => foldWithout('usage_daily_mv', holed);

  it('adds nothing for a batch written again whose contribution is whole, beside another batch’s hole of other size', async () => {
    const before = await aggregates('usage_daily');
    // Given a batch folded whole, and another of the same buckets whose daily contribution is missing
    const whole = batch('whole', 1, 300);
    await sink.write(whole.range, whole.events);
    const holed = batch('small-hole', 2, 120);
    await foldWithoutDaily(holed);

    // When the whole batch is written again, it adds nothing; when the holed one is, it fills its hole
    await sink.write(whole.range, whole.events);
    expect((await aggregates('usage_daily')).n - before.n).toBe(300);
    await sink.write(holed.range, holed.events);
    expect((await aggregates('usage_daily')).n - before.n).toBe(420);
    expect((await aggregates('usage_hourly')).n - before.n).toBe(420);
  });

  it('never takes a bucket past usage_events, even when another batch’s hole looks exactly like this batch', async () => {
    // Given two batches of identical buckets, counts and values: one folded whole, one whose daily contribution is missing
    const twinA = batch('twin-a', 3, 90);
    await sink.write(twinA.range, twinA.events);
    const twinB = batch('twin-b', 4, 90);
    await foldWithoutDaily(twinB);

    // When the whole one is written again (its check cannot tell the two apart and fills the hole), then the holed one
    await sink.write(twinA.range, twinA.events);
    await sink.write(twinB.range, twinB.events);

    // Then every daily bucket's count and sum equal usage_events', as the hourly ones do
    const result = await client.query({
      query: `SELECT (SELECT (count(), sum(value)) FROM usage_events) AS raw,
                     (SELECT (countMerge(event_count), sumMerge(value_sum)) FROM usage_daily) AS daily,
                     (SELECT (countMerge(event_count), sumMerge(value_sum)) FROM usage_hourly) AS hourly`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ raw: [string, number]; daily: [string, number]; hourly: [string, number] }>();
    expect(row?.daily).toEqual(row?.raw);
    expect(row?.hourly).toEqual(row?.raw);
  });

  it('writes the daily named entities a fold left out, and counts each once however often the batch is written again', async () => {
    // Given a batch of entities of its own (a fifth without one) whose fold wrote every aggregate but usage_daily_entities
    const { range, events } = batch('no-entities', 5, 200);
    const own = events.map((event, n) => ({ ...event, entity: n % 5 === 0 ? '' : `own-${n % 17}` }));
    await foldWithout('usage_daily_entities_mv', { range, events: own });
    expect(await namedEntities('usage_daily_entities')).toBe((await namedEntities('usage_events')) - 17);

    // When the batch is written again, twice
    for (let attempt = 0; attempt < 2; attempt++) await sink.write(range, own);

    // Then every daily bucket holds the named entities usage_events has there
    expect(await namedEntities('usage_daily_entities')).toBe(await namedEntities('usage_events'));
    const perDay = async (query: string) => (await client.query({ query, format: 'JSONEachRow' })).json();
    expect(
      await perDay(`SELECT agency, toString(day) AS d, toString(uniqExactIfMerge(entities)) AS n FROM usage_daily_entities
                    WHERE platform = 'gdx' GROUP BY agency, d ORDER BY agency, d`),
    ).toEqual(
      await perDay(`SELECT agency, toString(toDate(toTimeZone(event_time, 'Asia/Bangkok'))) AS d, toString(uniqExactIf(entity, entity != '')) AS n
                    FROM usage_events WHERE platform = 'gdx' GROUP BY agency, d ORDER BY agency, d`),
    );
  });

  /** GDX's distinct named entities, as usage_daily_entities merges them or as the raw events hold them. */
  async function namedEntities(from: 'usage_daily_entities' | 'usage_events'): Promise<number> {
    const n = from === 'usage_events' ? "uniqExactIf(entity, entity != '')" : 'uniqExactIfMerge(entities)';
    const result = await client.query({ query: `SELECT toString(${n}) AS n FROM ${from} WHERE platform = 'gdx'`, format: 'JSONEachRow' });
    return Number((await result.json<{ n: string }>())[0]?.n);
  }
});
