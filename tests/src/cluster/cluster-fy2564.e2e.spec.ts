import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { SeriesAnswerSchema } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { LocalCluster, Pipeline, requestJson, sendAsPlatforms, untilAggregated } from '@govmetrics/devkit';
import type { ScorecardReport } from '@govmetrics/scoring';
import { runCli } from '../run-cli';

/**
 * The FY2564 year through two ingests into the local cluster (infra/local/cluster.sh: 3 brokers, topics replicated 3
 * times; ClickHouse 2 shards x 2 replicas): the read side, unchanged, reads the Distributed tables. docs/cluster.md.
 */
describe('the FY2564 year on a 3-broker Kafka and a 2x2 ClickHouse cluster', () => {
  const events = generateFy2564();
  let cluster: LocalCluster;
  let first: Pipeline;
  let second: Pipeline;
  let servers: ClickHouseClient[][] = [];
  const rebuiltDatabase = () => `${first.env.CLICKHOUSE_DATABASE}_rebuilt`;
  const clusterEnv = () => ({ ...cluster.env, CLICKHOUSE_DATABASE: first.env.CLICKHOUSE_DATABASE as string });

  beforeAll(async () => {
    cluster = await LocalCluster.use();
    first = await Pipeline.start({ services: ['ingest', 'projector', 'gateway', 'scoring'], env: { ...cluster.env, SCORING_AS_OF: '2021-09-30' } });
    // A second ingest of the same run: the same topics, claim schema and database, behind another address
    second = await Pipeline.start({ runId: first.runId, services: ['ingest'], env: { ...cluster.env, SCORING_AS_OF: '2021-09-30' } });
    servers = await Promise.all(
      cluster.shardUrls.map((replicas) =>
        Promise.all(replicas.map((url) => connectClickHouse(ClickHouseConfigSchema.parse({ ...clusterEnv(), CLICKHOUSE_URL: url })))),
      ),
    );
  }, 600_000);

  afterAll(async () => {
    for (const server of servers.flat()) {
      await server.command({ query: `DROP DATABASE IF EXISTS ${rebuiltDatabase()}` }).catch(() => undefined);
      await server.close();
    }
    await second?.stop();
    await first?.stop();
    await cluster?.release();
  }, 300_000);

  it('takes the 51,119 events through two ingests, and every one is counted once in the distributed tables', async () => {
    // When the platforms send every other event to each ingest, at the same time
    const [viaFirst, viaSecond] = await Promise.all([
      sendAsPlatforms(
        first,
        events.filter((_, i) => i % 2 === 0),
      ),
      sendAsPlatforms(
        second,
        events.filter((_, i) => i % 2 === 1),
      ),
    ]);

    // Then both accept their half, and the Distributed tables count the year once
    expect(viaFirst + viaSecond).toBe(51_119);
    expect(await untilAggregated(servers[0]?.[0] as ClickHouseClient, 51_119, 240_000)).toEqual({ raw: 51_119, hourly: 51_119, daily: 51_119 });
  }, 420_000);

  it('spreads the events over both shards, and both replicas of a shard hold the same', async () => {
    const local = async (server: ClickHouseClient) => {
      const result = await server.query({ query: 'SELECT count() AS n FROM usage_events_local', format: 'JSONEachRow' });
      return Number((await result.json<{ n: string }>())[0]?.n);
    };
    const counts = await Promise.all(servers.map((replicas) => Promise.all(replicas.map(local))));
    for (const [replica1, replica2] of counts) {
      expect(replica1).toBeGreaterThan(0);
      expect(replica2).toBe(replica1);
    }
    expect(counts.reduce((sum, [replica1]) => sum + (replica1 ?? 0), 0)).toBe(51_119);
  });

  it('the score command, reading the distributed tables, prints Scorecard A at 92.00 and B at 98.75', async () => {
    const { code, stdout, stderr } = await runCli(['score', '--catalog', 'catalogs/dga-fy2564.yaml', '--as-of', '2021-09-30', '--json'], clusterEnv());
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout) as ScorecardReport;
    expect(report.scorecards.map((scorecard) => [scorecard.id, scorecard.score])).toEqual([
      ['A', 92],
      ['B', 98.75],
    ]);
  }, 120_000);

  it('the gateway, as its read-only user, answers GDX’s 63,300,000 API calls and its top three agencies from the distributed tables', async () => {
    const read = (path: string) => requestJson(`${first.gatewayUrl}${path}`, { headers: first.roleHeaders('operator') });
    expect(await read('/v1/aggregates/total?platform=gdx&metric=api_calls')).toMatchObject({ status: 200, body: { total: 63_300_000 } });
    // The top-N series filters with an IN subquery over a Distributed table: distributed_product_mode=global on the cluster
    const top = await read('/v1/series?platform=gdx&metric=api_calls&from=2020-10-01&to=2021-09-30&group_by=agency&top=3');
    expect(top.status).toBe(200);
    expect(SeriesAnswerSchema.parse(top.body).series).toHaveLength(3);
  }, 60_000);

  it('rebuild replays the log into a fresh cluster database whose checksums equal the live ones', async () => {
    const { code, stdout, stderr } = await runCli(['rebuild', rebuiltDatabase()], {
      ...clusterEnv(),
      USAGE_EVENTS_TOPIC: first.env.USAGE_EVENTS_TOPIC as string,
      QUARANTINE_TOPIC: first.env.QUARANTINE_TOPIC as string,
    });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    // The log may hold a batch twice (a send retried after a broker's lost answer); the fold counts each event once.
    expect(Number(/replayed (\d+) records/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(51119);
    expect(stdout).toContain('51119 distinct events from');
    console.log(stdout.split('\n').slice(0, 3).join('\n'));
    expect(stdout).toContain('identical: the rebuilt read model equals the live one');
  }, 300_000);
});
