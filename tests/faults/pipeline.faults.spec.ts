import { Pipeline, PrivatePostgres } from '@govmetrics/devkit';
import { resolve } from 'node:path';
import { faultTable, writeLastRun } from './fault-table';
import { expectExactlyOnce, FaultRun } from './fault-run';
import { REPLICATED, serviceFaults } from './service-faults';

const LAST_RUN = resolve(__dirname, 'LAST_RUN.md');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('every acknowledged event counts exactly once through faults injected into replicas while events flow', () => {
  let postgres: PrivatePostgres;
  let pipeline: Pipeline;
  let run: FaultRun;

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
    run = await FaultRun.begin(pipeline);
  }, 600_000);

  afterAll(async () => {
    await run?.close();
    await pipeline?.stop();
    await postgres?.destroy();
    if (run) console.log(faultTable(run.rows));
    if (run) writeLastRun(LAST_RUN, 'replicas on the single-node servers', run.rows, run.summary);
  }, 300_000);

  it('counts every acknowledged event once after each fault, and every service comes back by itself', async () => {
    // Given events flowing steadily through two replicas of every service
    await run.fault('steady flow, no fault', async () => (await sleep(10_000), Date.now()));

    // When each replica is killed -9 at a random moment, PostgreSQL is stopped 30 s and the projector group rebalanced
    await serviceFaults(run, pipeline, postgres);

    // Then each acknowledged event is counted exactly once, in the aggregates too, and no validator published one twice
    expectExactlyOnce(run, await run.finish());
  }, 3_600_000);
});
