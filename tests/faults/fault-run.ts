import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { UsageEvent } from '@govmetrics/contracts';
import type { Pipeline } from '@govmetrics/devkit';
import { createKafka, KafkaConfigSchema, RecordPublisher } from '@govmetrics/kafka';
import { readCommitted } from '@govmetrics/kafka/testing';
import { aggregateMismatches, missingOf, tally, untilCounted } from './exactly-once';
import { type FaultRow, faultTable } from './fault-table';
import { faultSeed, seededMoments } from './seeded-moments';
import { overHttp, overRawTopic, SteadySender } from './steady-sender';

const RECOVERY_LIMIT_MS = 180_000;
/** `FAULTS_ONLY="cut off,shard 2"`: only the faults whose names contain one of these (case-insensitive) run. */
const ONLY = (process.env.FAULTS_ONLY ?? '')
  .split(',')
  .map((part) => part.trim().toLowerCase())
  .filter(Boolean);
const selected = (name: string) => ONLY.length === 0 || ONLY.some((part) => name.toLowerCase().includes(part));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** What the end of a run found beyond the rows: aggregates against the acked list, and the raw path on the accepted topic. */
export interface FinalChecks {
  aggregateMismatches: string[];
  rawAcked: number;
  rawPublished: number;
  rawPublishedTwice: number;
  refused: number[];
}

/**
 * Events flowing steadily through a pipeline while faults are injected, and after each the row of the fault table:
 * 20 events/s over HTTP through the ingests' one address and 5/s onto the raw topic the validators share, a rate this
 * shared two-core machine projects with room to catch up after each fault (120/s fell behind at load 26).
 */
export class FaultRun {
  readonly rows: FaultRow[] = [];
  readonly summary: string[] = [];
  /** Every random moment of the run follows from it; printed, so that `FAULTS_SEED` can repeat them. */
  readonly seed = faultSeed();
  /** Acknowledged events still not counted after an earlier fault's recovery wait. */
  private lost = new Set<string>();
  /** The running fault's random numbers, and the pauses drawn from them (its row's notes). */
  private moments = seededMoments(this.seed, '');
  private paused: number[] = [];

  private constructor(
    private readonly pipeline: Pipeline,
    readonly clickhouse: ClickHouseClient,
    private readonly producer: RecordPublisher,
    private readonly senders: SteadySender[],
  ) {}

  static async begin(pipeline: Pipeline): Promise<FaultRun> {
    const clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, ...pipeline.env }));
    const kafka = createKafka(KafkaConfigSchema.parse({ ...process.env, KAFKA_BROKERS: pipeline.kafkaBrokers.join(',') }));
    // Our RecordPublisher, not a bare kafkajs send(): one spanning partitions can lose records (docs/faults.md).
    const producer = new RecordPublisher(kafka);
    await producer.connect();
    const senders = [
      new SteadySender('http', overHttp(pipeline), 10, 500),
      new SteadySender('raw', overRawTopic(producer, pipeline.env.RAW_USAGE_TOPIC as string), 5, 1000),
    ];
    const run = new FaultRun(pipeline, clickhouse, producer, senders);
    // In the summary from the start, so that a run that fails half-way still says how to repeat it.
    run.summary.push(`random moments seeded with ${run.seed}: \`FAULTS_SEED=${run.seed}\` strikes each fault at the same moment into its step again`);
    console.log(run.summary[0]);
    return run;
  }

  /** Sleeps a random time between `minMs` and `maxMs`, drawn from the seed and the running fault's name. */
  async pause(minMs: number, maxMs: number): Promise<void> {
    const ms = Math.round(minMs + this.moments() * (maxMs - minMs));
    this.paused.push(ms);
    await sleep(ms);
  }

  acked(): Map<string, UsageEvent> {
    return new Map(this.senders.flatMap((sender) => [...sender.acked]));
  }

  /** Injects a fault (resolving with the instant it ended), waits for recovery and records the row; skipped when FAULTS_ONLY leaves it out. */
  async fault(name: string, inject: () => Promise<number>): Promise<void> {
    if (!selected(name)) return;
    [this.moments, this.paused] = [seededMoments(this.seed, name), []];
    const restartsBefore = this.pipeline.supervisedRestarts.length;
    const { flowingMs, ...row } = await this.recovery(name, await inject());
    const restarted = this.pipeline.supervisedRestarts.slice(restartsBefore).map((restart) => restart.name);
    const notes = [
      this.paused.length > 0 ? `struck ${this.paused.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(' + ')} into its step` : '',
      // A row that never recovered (an acked event never counted) still says whether the pipeline itself came back.
      row.recoveryMs === undefined && flowingMs !== undefined ? `ready and acknowledging again after ${(flowingMs / 1000).toFixed(1)} s` : '',
      restarted.length > 0 ? `restarted by the supervisor: ${restarted.join(', ')}` : '',
    ];
    this.rows.push({ ...row, notes: notes.filter(Boolean).join('; ') });
    console.log(faultTable(this.rows.slice(-1)));
  }

  /** Stops the senders, waits until every acked event is counted (the last row), then checks the aggregates and the raw path. */
  async finish(): Promise<FinalChecks> {
    await Promise.all(this.senders.map((sender) => sender.stop()));
    // A selection that matched nothing would leave a run that proves nothing.
    if (this.rows.length === 0) throw new Error(`FAULTS_ONLY=${process.env.FAULTS_ONLY ?? ''} matched no fault of this suite`);
    const all = this.acked();
    const final = await untilCounted(this.clickhouse, [...all.keys()], RECOVERY_LIMIT_MS);
    this.rows.push({ fault: 'end: senders stopped', sent: this.sent(), ...final, recoveryMs: 0, notes: '' });
    const mismatches = await aggregateMismatches(this.clickhouse, all.values());
    const topic = this.pipeline.env.USAGE_EVENTS_TOPIC as string;
    const published = await readCommitted(this.pipeline.kafkaBrokers, topic, { atLeast: all.size, quietMs: 3000, timeoutMs: 120_000 });
    const rawIds = published.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id).filter((id) => id.startsWith('raw-'));
    const checks: FinalChecks = {
      aggregateMismatches: mismatches,
      rawAcked: [...all.values()].filter((event) => event.id.startsWith('raw-')).length,
      rawPublished: new Set(rawIds).size,
      rawPublishedTwice: rawIds.length - new Set(rawIds).size,
      refused: this.senders.map((sender) => sender.refused),
    };
    this.summary.push(
      `usage_daily against the acked list computed independently: ${mismatches.length} (platform, day) buckets differ`,
      `raw-topic path: ${checks.rawAcked} acknowledged, ${checks.rawPublished} on the accepted topic, ` +
        `${checks.rawPublishedTwice} published twice by the validators`,
      ...fatalLines(this.pipeline),
      `senders: ${this.senders.map((sender) => `${sender.sent} sent, ${sender.refused} refused, ${sender.failures} batch attempts retried`).join('; ')}`,
    );
    return checks;
  }

  /** Stops what the run started; a sender still retrying against a pipeline that never recovered is given a minute. */
  async close(): Promise<void> {
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.senders.map((sender) => sender.stop())), new Promise((done) => (giveUp = setTimeout(done, 60_000)))]);
    clearTimeout(giveUp);
    await this.producer.disconnect().catch(() => undefined);
    await this.clickhouse.close();
  }

  private sent(): number {
    return this.senders.reduce((total, sender) => total + sender.sent, 0);
  }

  /**
   * Waits until every replica answers ready and both paths were acknowledged after `since`, then until every event
   * acknowledged by that moment (the fault's window included) is counted: the row of those events, and how long it took.
   */
  private async recovery(name: string, since: number): Promise<Omit<FaultRow, 'notes'> & { flowingMs?: number }> {
    const deadline = since + RECOVERY_LIMIT_MS;
    let flowing = false;
    while (!flowing && Date.now() < deadline) {
      await sleep(250);
      const ready = (await Promise.all(this.pipeline.services.map((replica) => replica.isReady()))).every(Boolean);
      flowing = ready && this.senders.every((sender) => sender.lastAckAt > since);
    }
    const flowingMs = flowing ? Date.now() - since : undefined;
    const [ackedNow, sentNow] = [[...this.acked().keys()], this.sent()];
    // Events an earlier fault lost stay in every later row's count, but are not waited for again.
    const waited = await untilCounted(
      this.clickhouse,
      ackedNow.filter((key) => !this.lost.has(key)),
      Math.max(1000, deadline - Date.now()),
    );
    const recoveryMs = flowing && waited.lost === 0 ? Date.now() - since : undefined;
    const row = await tally(this.clickhouse, ackedNow);
    this.lost = new Set(row.lost > 0 ? await missingOf(this.clickhouse, ackedNow) : []);
    return { fault: name, sent: sentNow, ...row, recoveryMs, flowingMs };
  }
}

/** Why replicas exited: each distinct fatal log line (pino level 60) of the run, by service, with how often it was written. */
function fatalLines(pipeline: Pipeline): string[] {
  const counts = new Map<string, number>();
  for (const { service, line } of pipeline.logLines()) {
    if (!line.includes('"level":60')) continue;
    let parsed: { msg?: string; err?: { message?: string } } = { msg: line };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      // Every line should be JSON (docs/operations.md, "Logs"); one that is not is reported as it is.
    }
    const why = `${service}: ${(parsed.err?.message ?? parsed.msg ?? '').slice(0, 200)}`;
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  return [...counts].map(([why, n]) => `fatal (${n}×) ${why}`);
}

/** What every fault run asserts at its end: each row recovered with nothing lost or doubled, and the final checks clean. */
export function expectExactlyOnce(run: FaultRun, checks: FinalChecks): void {
  expect(run.rows.filter((row) => row.recoveryMs === undefined).map((row) => row.fault)).toEqual([]);
  expect(run.rows.map((row) => [row.fault, row.duplicates, row.lost])).toEqual(run.rows.map((row) => [row.fault, 0, 0]));
  expect(checks.aggregateMismatches).toEqual([]);
  expect(checks.rawPublishedTwice).toBe(0);
  expect(checks.rawPublished).toBe(checks.rawAcked);
  expect(checks.refused).toEqual([0, 0]);
}
