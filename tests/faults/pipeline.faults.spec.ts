import type { ServiceName, ServiceProcess } from '@govmetrics/devkit';
import { Pipeline, PrivatePostgres } from '@govmetrics/devkit';
import { resolve } from 'node:path';
import { faultTable, writeLastRun } from './fault-table';
import { expectExactlyOnce, FaultRun } from './fault-run';

const LAST_RUN = resolve(__dirname, 'LAST_RUN.md');
const OUTAGE_MS = 30_000;
const REPLICATED: readonly ServiceName[] = ['ingest', 'projector', 'scoring', 'gateway'];
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

  const killNine = (replica: ServiceProcess) => async () => {
    await sleep(2000 + Math.random() * 4000);
    process.kill(replica.pid as number, 'SIGKILL');
    return Date.now();
  };

  it('counts every acknowledged event once after each fault, and every service comes back by itself', async () => {
    // Given events flowing steadily through two replicas of every service
    await run.fault('steady flow, no fault', async () => (await sleep(10_000), Date.now()));

    // When each replica is killed -9 at a random moment (the supervisor starts it again, as systemd would)
    for (const name of REPLICATED) {
      for (const [n, replica] of pipeline.replicas(name).entries()) await run.fault(`kill -9 ${name} #${n + 1}`, killNine(replica));
    }

    // And PostgreSQL (claims, ledger) is stopped for 30 s
    await run.fault('PostgreSQL stopped 30 s', async () => {
      await postgres.stop();
      await sleep(OUTAGE_MS);
      await postgres.restart();
      return Date.now();
    });

    // And the projector group is rebalanced: a third replica joins, then one leaves (SIGTERM, it drains)
    await run.fault('projector replica added (3)', async () => {
      const began = Date.now();
      await pipeline.addReplica('projector');
      return began;
    });
    await run.fault('projector replica removed (2)', async () => {
      const began = Date.now();
      await pipeline.removeReplica(pipeline.replicas('projector')[0] as ServiceProcess);
      return began;
    });

    // Then each acknowledged event is counted exactly once, in the aggregates too, and no validator published one twice
    expectExactlyOnce(run, await run.finish());
  }, 3_600_000);
});
