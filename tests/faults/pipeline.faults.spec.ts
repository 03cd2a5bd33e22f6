import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { UsageEvent } from '@govmetrics/contracts';
import type { ServiceName, ServiceProcess } from '@govmetrics/devkit';
import { Pipeline, PrivatePostgres } from '@govmetrics/devkit';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { readCommitted } from '@govmetrics/kafka/testing';
import type { Producer } from 'kafkajs';
import { resolve } from 'node:path';
import { aggregateMismatches, untilCounted } from './exactly-once';
import { type FaultRow, faultTable, writeLastRun } from './fault-table';
import { overHttp, overRawTopic, SteadySender } from './steady-sender';

const LAST_RUN = resolve(__dirname, 'LAST_RUN.md');
const RECOVERY_LIMIT_MS = 180_000;
const OUTAGE_MS = 30_000;
const REPLICATED: readonly ServiceName[] = ['ingest', 'projector', 'scoring', 'gateway'];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('every acknowledged event counts exactly once through faults injected while events flow', () => {
  let postgres: PrivatePostgres;
  let pipeline: Pipeline;
  let clickhouse: ClickHouseClient;
  let producer: Producer;
  let senders: SteadySender[] = [];
  const rows: FaultRow[] = [];
  const summary: string[] = [];

  const acked = (): Map<string, UsageEvent> => new Map(senders.flatMap((sender) => [...sender.acked]));
  const sent = () => senders.reduce((total, sender) => total + sender.sent, 0);

  beforeAll(async () => {
    // A PostgreSQL of the suite's own (claims and ledger), which it stops; the shared one is never touched.
    postgres = await PrivatePostgres.start();
    pipeline = await Pipeline.start({
      services: REPLICATED,
      // The second scoring replica joins once the first has imported the catalog into the empty ledger (docs/faults.md).
      replicas: { ingest: 2, projector: 2, scoring: 1, gateway: 2 },
      supervise: true,
      readyTimeoutMs: 240_000,
      env: { INGEST_DATABASE_URL: postgres.url, LEDGER_DATABASE_URL: postgres.url, PROJECTOR_SESSION_TIMEOUT_MS: '6000' },
    });
    await pipeline.addReplica('scoring', 240_000);
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
    producer = createKafka(KafkaConfigSchema.parse({ ...process.env, KAFKA_BROKERS: pipeline.kafkaBrokers.join(',') })).producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    // 20 events/s over HTTP through the two ingests' one address, 5/s onto the raw topic the two validators share: a rate
    // this shared two-core machine projects with room to catch up after each fault (120/s fell behind at load 26).
    senders = [
      new SteadySender('http', overHttp(pipeline), 10, 500),
      new SteadySender('raw', overRawTopic(producer, pipeline.env.RAW_USAGE_TOPIC as string), 5, 1000),
    ];
  }, 600_000);

  afterAll(async () => {
    // A sender still retrying against a pipeline that never recovered must not hold the clean-up (nor jest, with its timer).
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(senders.map((sender) => sender.stop())), new Promise((done) => (giveUp = setTimeout(done, 60_000)))]);
    clearTimeout(giveUp);
    await producer?.disconnect().catch(() => undefined);
    await clickhouse?.close();
    await pipeline?.stop();
    await postgres?.destroy();
    console.log(faultTable(rows));
    writeLastRun(LAST_RUN, rows, summary);
  }, 300_000);

  /**
   * Waits until every replica answers ready and both paths were acknowledged after `since`, then until every event
   * acknowledged by that moment (the fault's window included) is counted: the row of those events, and how long it took.
   */
  async function recovery(name: string, since: number): Promise<Omit<FaultRow, 'notes'>> {
    const deadline = since + RECOVERY_LIMIT_MS;
    let flowing = false;
    while (!flowing && Date.now() < deadline) {
      await sleep(250);
      const ready = (await Promise.all(pipeline.services.map((replica) => replica.isReady()))).every(Boolean);
      flowing = ready && senders.every((sender) => sender.lastAckAt > since);
    }
    const [ackedNow, sentNow] = [[...acked().keys()], sent()];
    const seen = await untilCounted(clickhouse, ackedNow, Math.max(1000, deadline - Date.now()));
    const recoveryMs = flowing && seen.lost === 0 ? Date.now() - since : undefined;
    return { fault: name, sent: sentNow, ...seen, recoveryMs };
  }

  /** Injects a fault (resolving with the instant it ended), waits for recovery and records the row. */
  async function fault(name: string, inject: () => Promise<number>): Promise<void> {
    const restartsBefore = pipeline.supervisedRestarts.length;
    const row = await recovery(name, await inject());
    const restarted = pipeline.supervisedRestarts.slice(restartsBefore).map((restart) => restart.name);
    rows.push({ ...row, notes: restarted.length > 0 ? `restarted by the supervisor: ${restarted.join(', ')}` : '' });
    console.log(faultTable(rows.slice(-1)));
  }

  const killNine = (replica: ServiceProcess) => async () => {
    await sleep(2000 + Math.random() * 4000);
    process.kill(replica.pid as number, 'SIGKILL');
    return Date.now();
  };

  it('counts every acknowledged event once after each fault, and every service comes back by itself', async () => {
    // Given events flowing steadily through two replicas of every service
    await fault('steady flow, no fault', async () => (await sleep(10_000), Date.now()));

    // When each replica is killed -9 at a random moment (the supervisor starts it again, as systemd would)
    for (const name of REPLICATED) {
      for (const [n, replica] of pipeline.replicas(name).entries()) await fault(`kill -9 ${name} #${n + 1}`, killNine(replica));
    }

    // And PostgreSQL (claims, ledger) is stopped for 30 s
    await fault('PostgreSQL stopped 30 s', async () => {
      await postgres.stop();
      await sleep(OUTAGE_MS);
      await postgres.restart();
      return Date.now();
    });

    // And the projector group is rebalanced: a third replica joins, then one leaves (SIGTERM, it drains)
    await fault('projector replica added (3)', async () => {
      const began = Date.now();
      await pipeline.addReplica('projector');
      return began;
    });
    await fault('projector replica removed (2)', async () => {
      const began = Date.now();
      await pipeline.removeReplica(pipeline.replicas('projector')[0] as ServiceProcess);
      return began;
    });

    // Then, once the senders stop and everything is counted: each acknowledged event exactly once, in the aggregates too
    await Promise.all(senders.map((sender) => sender.stop()));
    const all = acked();
    const final = await untilCounted(clickhouse, [...all.keys()], RECOVERY_LIMIT_MS);
    rows.push({ fault: 'end: senders stopped', sent: sent(), ...final, recoveryMs: 0, notes: '' });
    const mismatches = await aggregateMismatches(clickhouse, all.values());
    summary.push(`usage_daily against the acked list computed independently: ${mismatches.length} (platform, day) buckets differ`);

    // And no validator published a raw event twice: each raw (source, id) is on the accepted topic once
    const published = await readCommitted(pipeline.kafkaBrokers, pipeline.env.USAGE_EVENTS_TOPIC as string, {
      atLeast: all.size,
      quietMs: 3000,
      timeoutMs: 120_000,
    });
    const rawIds = published.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id).filter((id) => id.startsWith('raw-'));
    const rawAcked = [...all.values()].filter((event) => event.id.startsWith('raw-')).length;
    const twice = rawIds.length - new Set(rawIds).size;
    summary.push(`raw-topic path: ${rawAcked} acknowledged, ${new Set(rawIds).size} on the accepted topic, ${twice} published twice by the validators`);
    summary.push(`senders: ${senders.map((sender) => `${sender.sent} sent, ${sender.refused} refused, ${sender.failures} batch attempts retried`).join('; ')}`);

    expect(rows.filter((row) => row.recoveryMs === undefined).map((row) => row.fault)).toEqual([]);
    expect(rows.map((row) => [row.fault, row.duplicates, row.lost])).toEqual(rows.map((row) => [row.fault, 0, 0]));
    expect(mismatches).toEqual([]);
    expect(twice).toBe(0);
    expect(senders.map((sender) => sender.refused)).toEqual([0, 0]);
    expect(new Set(rawIds).size).toBe(rawAcked);
  }, 3_600_000);
});
