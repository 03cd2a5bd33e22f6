import type { Pipeline, PrivatePostgres, ServiceName, ServiceProcess } from '@govmetrics/devkit';
import type { FaultRun } from './fault-run';

/** The services the fault suites run as several replicas, each of which is killed in turn. */
export const REPLICATED: readonly ServiceName[] = ['ingest', 'projector', 'scoring', 'gateway'];
const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** kill -9 of one replica at a seeded random moment 2–6 s into its step; the fault ends at the kill. */
const killNine = (run: FaultRun, replica: ServiceProcess) => async () => {
  await run.pause(2000, 6000);
  process.kill(replica.pid as number, 'SIGKILL');
  return Date.now();
};

/** PostgreSQL (claims, ledger) stopped for `downMs`; the fault ends once it answers again. */
const postgresOutage = (postgres: PrivatePostgres, downMs: number) => async () => {
  await postgres.stop();
  await sleep(downMs);
  await postgres.restart();
  return Date.now();
};

/**
 * The faults of the services and their database, the same on the single node and on the cluster: each replica of each
 * service killed -9 (the supervisor starts it again, as systemd would), PostgreSQL stopped 30 s, and the projector
 * group rebalanced by a third replica joining, then one leaving (SIGTERM, it drains).
 */
export async function serviceFaults(run: FaultRun, pipeline: Pipeline, postgres: PrivatePostgres): Promise<void> {
  for (const name of REPLICATED) {
    for (const [n, replica] of pipeline.replicas(name).entries()) await run.fault(`kill -9 ${name} #${n + 1}`, killNine(run, replica));
  }
  await run.fault('PostgreSQL stopped 30 s', postgresOutage(postgres, OUTAGE_MS));
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
}
