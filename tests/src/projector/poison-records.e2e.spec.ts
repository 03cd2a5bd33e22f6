import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { QuarantineAnswer, QuarantineEntry } from '@govmetrics/contracts';
import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { runCli } from '../run-cli';

interface Total {
  total: number;
  events: number;
}

const KEY = 'gdx:moph';
const poisonId = 'x\ud800';

/**
 * Records the contract accepts but ClickHouse refuses, written straight to the run's usage topic (as an older
 * intake, or anyone with broker access, could) between valid events of the same key, hence the same partition.
 */
describe('a record ClickHouse refuses is quarantined, and its partition moves on', () => {
  let pipeline: Pipeline;
  let clickhouse: ClickHouseClient;
  const cli = (...args: string[]) => runCli(args, pipeline.env);
  const total = async () =>
    (await requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls&agency=moph`, { headers: pipeline.roleHeaders('operator') }))
      .body as Total;
  const quarantine = async (query = '') =>
    (await requestJson(`${pipeline.gatewayUrl}/v1/quarantine${query}`, { headers: pipeline.roleHeaders('operator') })).body as QuarantineAnswer;
  const produce = async (...events: (object | string)[]) => {
    const producer = createKafka(KafkaConfigSchema.parse(process.env)).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const messages = events.map((event) => ({ key: KEY, value: typeof event === 'string' ? event : JSON.stringify(event) }));
    await producer.send({ topic: pipeline.env.USAGE_EVENTS_TOPIC as string, acks: -1, messages });
    await producer.disconnect();
  };

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['projector', 'gateway'] });
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.runId }));
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await clickhouse?.close();
    const server = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: 'default' }));
    for (const database of [pipeline.runId, `${pipeline.runId}_rebuilt`]) await server.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await server.close();
  }, 60_000);

  it(
    'counts the later valid events within seconds, shows the culprits with their reasons, ' + 'and after the fix counts the replayed one exactly once',
    async () => {
      // Given a faulty migration narrowed the staging table's value column: ClickHouse now refuses a fractional value
      await clickhouse.command({ query: 'ALTER TABLE usage_events_staging MODIFY COLUMN value UInt32' });

      // When a lone surrogate id, a fractional value and a record that is not JSON arrive between valid events of one partition
      const started = Date.now();
      await produce(
        usageEvent({ value: 1 }),
        usageEvent({ value: 100 }, { id: poisonId }),
        usageEvent({ value: 2 }),
        usageEvent({ value: 2.5 }, { id: 'fraction' }),
        '{"id": not json',
        usageEvent({ value: 3 }),
      );

      // Then the valid events after them are counted within seconds
      const counted = await eventually(total, (answer) => answer.events >= 3, 20_000);
      if (counted.events < 3) console.log(pipeline.service('projector').log);
      expect(counted).toMatchObject({ total: 6, events: 3 });
      const seconds = (Date.now() - started) / 1000;
      expect(seconds).toBeLessThan(20);
      console.log(`valid events behind three poison records counted ${seconds.toFixed(1)} s after they were produced`);

      // And the operator sees the culprits with the reason ClickHouse or the decoding gave, counted per reason
      const shown = await eventually(quarantine, (answer) => answer.total >= 3, 10_000);
      const byId = (id: string) => shown.entries.find((entry) => entry.event?.id === id) as QuarantineEntry;
      expect(shown.total).toBe(3);
      // Once the contract refuses malformed Unicode, the projector's decoding names it before ClickHouse sees it.
      expect(byId(poisonId).reason).toMatch(/^(clickhouse_cannot_parse_escape_sequence|malformed_unicode)$/);
      expect(byId('fraction')).toMatchObject({ reason: 'clickhouse_cannot_parse_input_assertion_failed', consumer: 'projector', key: KEY, replayedFrom: null });
      expect(byId('fraction').source.topic).toBe(pipeline.env.USAGE_EVENTS_TOPIC);
      expect(shown.entries.find((entry) => entry.event === null)).toMatchObject({ reason: 'invalid_json', key: KEY });
      expect(Object.values(shown.counts)).toEqual([1, 1, 1]);
      // And the sending platform's view holds its records only (the one that is not JSON belongs to its key's platform)
      expect((await quarantine('?platform=gdx')).total).toBe(3);
      expect(await quarantine('?platform=mailgothai')).toEqual({ total: 0, counts: {}, entries: [] });
      // And a page is bounded: one entry when asked for one, and a limit out of range is refused naming the parameter
      expect((await quarantine('?limit=1')).entries).toHaveLength(1);
      const unbounded = await requestJson(`${pipeline.gatewayUrl}/v1/quarantine?limit=100000`, { headers: pipeline.roleHeaders('operator') });
      expect(unbounded).toMatchObject({ status: 400, body: { error: 'invalid_query', errors: [{ path: '$.limit' }] } });

      // When the migration is corrected and the operator replays the fractional event, then every quarantined record again
      await clickhouse.command({ query: 'ALTER TABLE usage_events_staging MODIFY COLUMN value Float64' });
      const { partition, offset } = byId('fraction').source;
      const once = await cli('quarantine', 'replay', '--source-offset', `${partition}:${offset}`);
      expect(once).toMatchObject({ code: 0, stderr: '' });
      expect(once.stdout).toContain('1 record(s) replayed');
      expect(await eventually(total, (answer) => answer.events >= 4, 20_000)).toMatchObject({ total: 8.5, events: 4 });
      const again = await cli('quarantine', 'replay', '--all');
      expect(again.stdout).toContain('3 record(s) replayed');
      // A later event of the same partition is counted only after the replays before it were handled.
      await produce(usageEvent({ value: 10 }));

      // Then the replayed event counts exactly once, however often it was replayed
      expect(await eventually(total, (answer) => answer.events >= 5, 20_000)).toMatchObject({ total: 18.5, events: 5 });
      // And the surrogate and the non-JSON record, whose causes are in the records themselves, are quarantined again, naming where they were replayed from
      const after = await eventually(quarantine, (answer) => answer.total >= 5, 10_000);
      expect(after.total).toBe(5);
      expect(
        after.entries
          .filter((entry) => entry.replayedFrom !== null)
          .map((entry) => entry.event?.id ?? entry.reason)
          .sort(),
      ).toEqual(['invalid_json', poisonId]);
      const listed = await cli('quarantine', 'list');
      expect(listed.stdout).toContain('5 quarantined record(s)');

      // And a rebuild from the log skips what was quarantined and equals the live read model
      const rebuild = await cli('rebuild', `${pipeline.runId}_rebuilt`);
      expect(rebuild.stdout).toContain('skipped 5 record(s) the live projector quarantined');
      expect(rebuild.stdout).toContain('and 0 more that cannot be projected');
      expect(rebuild.stdout).toContain('identical: the rebuilt read model equals the live one');
      expect(rebuild.code).toBe(0);
    },
    180_000,
  );
});
