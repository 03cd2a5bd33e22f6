import { freePort, ServiceProcess } from '@govmetrics/devkit';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

describe('a service started in production mode without Kafka credentials', () => {
  const schema = `kafka_prod_${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    const client = new Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());
  });

  it('exits at start naming KAFKA_SASL_MECHANISM, rather than connect unauthenticated', async () => {
    const service = await ServiceProcess.spawn('ingest', {
      GOVMETRICS_ENV: 'production',
      INGEST_DATABASE_URL: ADMIN_URL,
      CREDENTIALS_DATABASE_URL: ADMIN_URL,
      INGEST_DATABASE_SCHEMA: schema,
      INGEST_API_KEYS: 'gdx=0123456789abcdef',
      INGEST_PORT: String(await freePort()),
      KAFKA_SASL_MECHANISM: '',
      KAFKA_ALLOW_PLAINTEXT: 'false',
    });
    const start = service.ready(60_000);
    await expect(start).rejects.toThrow(/exited during start/);
    expect(await start.catch((error: unknown) => String(error))).toContain(
      'KAFKA_SASL_MECHANISM=(unset): production mode refuses an unauthenticated Kafka client',
    );
  }, 90_000);
});
