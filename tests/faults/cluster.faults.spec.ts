import type { ClusterNode, KafkaClusterNode } from '@govmetrics/devkit';
import { Pipeline, PrivateCluster, PrivatePostgres } from '@govmetrics/devkit';
import { resolve } from 'node:path';
import { faultTable, writeLastRun, writeLastRunSection } from './fault-table';
import { expectExactlyOnce, FaultRun } from './fault-run';
import { REPLICATED, serviceFaults } from './service-faults';

const LAST_RUN = resolve(__dirname, 'LAST_RUN.cluster.md');
const OUTAGE_MS = 30_000;
// Another run may hold the default offset's ports (and its namespaces, named after the offset).
const PORT_OFFSET = Number(process.env.CLUSTER_PORT_OFFSET ?? 100);
const SETUP =
  '3 Kafka brokers (each in a network namespace of its own), ZooKeeper, ClickHouse 2 shards x 2 replicas, a PostgreSQL of its own, 2 replicas of each service';
const BROKERS = ['kafka-1', 'kafka-2', 'kafka-3'] as const;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('every acknowledged event counts exactly once through faults injected into the cluster, PostgreSQL and the service replicas', () => {
  let cluster: PrivateCluster;
  let postgres: PrivatePostgres;
  let pipeline: Pipeline;
  let run: FaultRun;

  beforeAll(async () => {
    // A cluster of the suite's own (ports shifted by CLUSTER_PORT_OFFSET, 100 by default), whose nodes it kills; the shared cluster is never touched.
    // Each broker lives in a network namespace, joined to the others through a bridge, so that any of them can be cut off.
    cluster = await PrivateCluster.start(PORT_OFFSET, { namespacedBrokers: BROKERS });
    postgres = await PrivatePostgres.start();
    pipeline = await Pipeline.start({
      services: REPLICATED,
      // The second projector joins once the first has migrated the cluster's tables, the second scoring replica once the
      // first has imported the catalog into the empty ledger: both raced when they started together (docs/faults.md).
      replicas: { ingest: 2, projector: 1, scoring: 1, gateway: 2 },
      supervise: true,
      readyTimeoutMs: 240_000,
      env: { ...cluster.env, INGEST_DATABASE_URL: postgres.url, LEDGER_DATABASE_URL: postgres.url, PROJECTOR_SESSION_TIMEOUT_MS: '6000' },
    });
    await pipeline.addReplica('projector', 240_000);
    await pipeline.addReplica('scoring', 240_000);
    run = await FaultRun.begin(pipeline);
  }, 900_000);

  afterAll(async () => {
    await run?.close();
    await pipeline?.stop();
    await postgres?.destroy();
    await cluster?.destroy();
    if (run) console.log(faultTable(run.rows));
    const only = process.env.FAULTS_ONLY;
    if (run && only) writeLastRunSection(LAST_RUN, `Selected faults alone: FAULTS_ONLY="${only}", ports +${PORT_OFFSET}`, SETUP, run.rows, run.summary);
    else if (run) writeLastRun(LAST_RUN, SETUP, run.rows, run.summary);
  }, 600_000);

  /** Nodes down together for `downMs`, then started again: the fault ends when the last answers. */
  const outage = (nodes: readonly ClusterNode[], how: 'kill' | 'stop', downMs: number) => async (): Promise<number> => {
    await run.pause(2000, 5000);
    for (const node of nodes) await (how === 'kill' ? cluster.kill(node) : cluster.stop(node));
    await sleep(downMs);
    for (const node of nodes) await cluster.start(node);
    return Date.now();
  };

  /** A broker cut off from the other brokers and every client for `downMs` while it keeps running; the fault ends when its link is back. */
  const cutOff = (broker: KafkaClusterNode, downMs: number) => async (): Promise<number> => {
    await run.pause(2000, 5000);
    await cluster.cut(broker);
    await sleep(downMs);
    await cluster.heal(broker);
    return Date.now();
  };

  it('counts every acknowledged event once after each fault, and every service comes back by itself', async () => {
    // Given events flowing steadily through the pipeline on the cluster
    await run.fault('steady flow, no fault', async () => (await sleep(10_000), Date.now()));

    // When a broker is killed -9 and brought back, three times (a different one each time)
    for (const broker of BROKERS) await run.fault(`kill -9 ${broker}, back after 10 s`, outage([broker], 'kill', 10_000));

    // And each broker in turn is cut off from the others and every client for 30 s, still running (a network partition)
    for (const broker of BROKERS) await run.fault(`${broker} cut off 30 s (its link down)`, cutOff(broker, OUTAGE_MS));

    // And a ClickHouse replica is killed -9, then a whole shard is down for 30 s
    await run.fault('kill -9 clickhouse-2-2, back after 10 s', outage(['clickhouse-2-2'], 'kill', 10_000));
    await run.fault('shard 2 (both replicas) killed 30 s', outage(['clickhouse-2-1', 'clickhouse-2-2'], 'kill', OUTAGE_MS));

    // And ZooKeeper is stopped for 30 s
    await run.fault('ZooKeeper stopped 30 s', outage(['zookeeper'], 'stop', OUTAGE_MS));

    // And each service replica is killed -9 at a random moment, PostgreSQL is stopped 30 s and the projector group rebalanced
    await serviceFaults(run, pipeline, postgres);

    // Then each acknowledged event is counted exactly once, in the aggregates too, and no validator published one twice
    expectExactlyOnce(run, await run.finish());
  }, 3_600_000);
});
