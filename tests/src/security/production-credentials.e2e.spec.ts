import type { ServiceName } from '@govmetrics/devkit';
import { freePort, ServiceProcess } from '@govmetrics/devkit';

// Each key set empty, which counts as unset, so that nothing inherited from the test's environment can supply it.
const required: Record<ServiceName, string[]> = {
  ingest: ['INGEST_DATABASE_URL', 'CREDENTIALS_DATABASE_URL'],
  projector: ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD'],
  gateway: ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'LEDGER_DATABASE_URL', 'LEDGER_WRITER_URL', 'CREDENTIALS_DATABASE_URL'],
  scoring: ['CLICKHOUSE_USER', 'CLICKHOUSE_PASSWORD', 'LEDGER_DATABASE_URL'],
};

describe('a service started in production mode without its database credentials', () => {
  it.each(Object.entries(required))('%s exits at start naming each missing credential', async (name, keys) => {
    const ports = { INGEST_PORT: String(await freePort()), GATEWAY_PORT: String(await freePort()) };
    const service = await ServiceProcess.spawn(name as ServiceName, {
      GOVMETRICS_ENV: 'production',
      INGEST_API_KEYS: 'gdx=0123456789abcdef',
      ...ports,
      ...Object.fromEntries(keys.map((key) => [key, ''])),
    });
    const start = service.ready(30_000);
    await expect(start).rejects.toThrow(/exited during start/);
    const problems = await start.catch((error: unknown) => String(error));
    for (const key of keys) expect(problems).toContain(`${key}=(unset): required in production`);
  });
});
