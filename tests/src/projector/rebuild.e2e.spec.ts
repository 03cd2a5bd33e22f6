import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { generateUsage, projectorEnv, removeRunState, runState, ServiceProcess, untilAggregated } from '@govmetrics/devkit';

const runId = `rebuild_${randomBytes(5).toString('hex')}`;
const target = `${runId}_replayed`;
const env: Record<string, string> = { ...projectorEnv(runId), PROJECTOR_SESSION_TIMEOUT_MS: '6000' };

describe('an auditor rebuilds the aggregates from the log and gets the live tables byte for byte', () => {
  let clickhouse: ClickHouseClient;
  let projector: ServiceProcess | undefined;

  beforeAll(async () => {
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: runId }));
  });

  afterAll(async () => {
    await projector?.stop();
    await clickhouse.close();
    await removeRunState(runState(runId, env));
    const server = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: 'default' }));
    await server.command({ query: `DROP DATABASE IF EXISTS ${target}` });
    await server.close();
  }, 180_000);

  it('prints the same checksum for every table of the rebuilt and the live read model', async () => {
    // Given 30,000 events with resends, projected by a projector that was killed -9 once on the way
    const stream = generateUsage(29_700, 300, 7);
    projector = await ServiceProcess.spawn('projector', env);
    await projector.ready();
    const producer = createKafka(KafkaConfigSchema.parse(process.env)).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < stream.length; i += 3000) {
      await producer.send({ topic: env.USAGE_EVENTS_TOPIC as string, acks: -1, messages: stream.slice(i, i + 3000).map(({ key, value }) => ({ key, value })) });
      if (i === 15_000) {
        await projector.stop('SIGKILL');
        projector = await ServiceProcess.spawn('projector', env);
        await projector.ready();
      }
    }
    await producer.disconnect();
    expect(await untilAggregated(clickhouse, 29_700, 120_000)).toEqual({ raw: 29_700, hourly: 29_700, daily: 29_700 });

    // When the auditor runs the rebuild command
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'tools/cli/src/main.ts', 'rebuild', target], {
      cwd: resolve(__dirname, '../../..'),
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });

    // Then it replays every record and finds every table identical
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`replayed 30000 records of ${env.USAGE_EVENTS_TOPIC}`);
    // And says that the 300 resends are records the log holds twice, each counted once
    expect(run.stdout).toContain('29700 distinct events from 30000 projected records (300 held twice in the log, counted once); 0 record(s) fetched again');
    expect(run.stdout).toContain('identical: the rebuilt read model equals the live one');
    expect(run.status).toBe(0);
    const checksums = (label: string) =>
      run.stdout
        .split('\n')
        .filter((line) => line.startsWith(label))
        .map((line) => line.slice(label.length).trim());
    expect(checksums('rebuilt')).toHaveLength(4);
    expect(checksums('rebuilt')).toEqual(checksums('live'));
  }, 300_000);
});
