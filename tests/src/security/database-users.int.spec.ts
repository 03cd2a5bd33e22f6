import type { ClickHouseClient } from '@clickhouse/client';
import type { ClickHouseConfig } from '@govmetrics/clickhouse';
import { ClickHouseConfigSchema, connectClickHouse, connectClickHouseReader, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { Credentials, DatabaseUsers } from '@govmetrics/devkit';
import { provisionDatabaseUsers, withCredentials } from '@govmetrics/devkit';
import { PostgresCredentialStore } from '@govmetrics/credentials';
import { PostgresEventStore } from '@govmetrics/event-store-adapters';
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const run = `dbusers_${randomBytes(5).toString('hex')}`;
const ledgerAdminUrl = ADMIN_URL.replace(/\/postgres$/, `/ledger_${run}`);
const claimSchema = `claims_${run}`;
const credentialsSchema = `credentials_${run}`;
const clickhouseConfig: ClickHouseConfig = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: run });

const asClickHouse = (who: Credentials) => ({ ...clickhouseConfig, CLICKHOUSE_USER: who.user, CLICKHOUSE_PASSWORD: who.password });
const event = { type: 'TargetRevised', data: { target: 95 } };

/** Runs `sql` as `who` on `url`'s database; the connection's own refusal counts as the statement's. */
async function runAs(url: string, who: Credentials, sql: string): Promise<unknown> {
  const client = new Client({ connectionString: withCredentials(url, who) });
  try {
    await client.connect();
    return (await client.query(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('least-privilege database users: each forbidden action is refused by the real server', () => {
  let users: DatabaseUsers;
  let projector: ClickHouseClient;

  beforeAll(async () => {
    // Given the users provisioned as infra/local/db-users.sh does, for a ledger database and a claim schema of this run
    users = await provisionDatabaseUsers({
      env: process.env,
      adminUrl: ADMIN_URL,
      clickhouseUrl: clickhouseConfig.CLICKHOUSE_URL,
      claims: { adminUrl: ADMIN_URL, schema: claimSchema },
      credentials: { adminUrl: ADMIN_URL, schema: credentialsSchema },
      ledgerAdminUrl,
    });
    // And the usage schema created by the projector's user, its owner
    projector = await connectClickHouse(asClickHouse(users.projector));
    await migrate(projector, USAGE_MIGRATIONS);
  }, 60_000);

  afterAll(async () => {
    await projector?.command({ query: `DROP DATABASE IF EXISTS ${run}` });
    await projector?.close();
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${claimSchema}" CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS "${credentialsSchema}" CASCADE`);
    await admin.query(`DROP DATABASE IF EXISTS "ledger_${run}" WITH (FORCE)`);
    await admin.end();
  });

  describe('ClickHouse: the reader (gateway, scoring)', () => {
    let reader: ClickHouseClient;
    beforeAll(() => {
      reader = connectClickHouseReader(asClickHouse(users.reader));
    });
    afterAll(() => reader.close());

    it("reads the projector's tables", async () => {
      const result = await reader.query({ query: 'SELECT count() AS n FROM usage_events', format: 'JSONEachRow' });
      expect(await result.json()).toEqual([{ n: '0' }]);
    });

    it.each([
      ['CREATE DATABASE', `CREATE DATABASE IF NOT EXISTS ${run}_forbidden`],
      ['CREATE TABLE', 'CREATE TABLE forbidden (n UInt8) ENGINE = Memory'],
      ['DROP TABLE', 'DROP TABLE usage_events'],
      ['ALTER TABLE', 'ALTER TABLE usage_events DELETE WHERE 1'],
    ])('cannot run %s', async (_, query) => {
      await expect(reader.command({ query })).rejects.toThrow(/in readonly mode/);
    });

    it('cannot INSERT, nor run the migrations', async () => {
      await expect(
        reader.insert({ table: 'schema_migrations', values: [{ version: 999, name: 'forged', applied_at: 0 }], format: 'JSONEachRow' }),
      ).rejects.toThrow(/Cannot insert into table in readonly mode/);
      await expect(migrate(reader, [{ version: 999, name: 'forged', statements: ['CREATE TABLE forged (n UInt8) ENGINE = Memory'] }])).rejects.toThrow(
        /readonly mode/,
      );
    });

    it('cannot lift its own read-only setting', async () => {
      await expect(reader.query({ query: 'SELECT 1', clickhouse_settings: { readonly: '0' } })).rejects.toThrow(/readonly/i);
    });

    it('is refused with a wrong password', async () => {
      const impostor = connectClickHouseReader({ ...asClickHouse(users.reader), CLICKHOUSE_PASSWORD: 'not-the-password' });
      await expect(impostor.query({ query: 'SELECT 1' })).rejects.toThrow(/password is incorrect|Wrong password|Authentication failed/i);
      await impostor.close();
    });
  });

  describe("PostgreSQL: the ingest's claim store", () => {
    it("is refused at the ledger database's door", async () => {
      await expect(runAs(ledgerAdminUrl, users.ingest, 'SELECT count(*) FROM events')).rejects.toThrow(/permission denied for database "ledger_/);
    });

    it('creates and writes its tables in its own schema, and nowhere else', async () => {
      await runAs(
        ADMIN_URL,
        users.ingest,
        `CREATE TABLE IF NOT EXISTS "${claimSchema}".accepted_event_keys (key bytea PRIMARY KEY); ` +
          `INSERT INTO "${claimSchema}".accepted_event_keys VALUES ('\\x01')`,
      );
      await expect(runAs(ADMIN_URL, users.ingest, 'CREATE TABLE public.forbidden (n int)')).rejects.toThrow(/permission denied for schema public/);
      await expect(runAs(ADMIN_URL, users.ingest, 'CREATE SCHEMA forbidden')).rejects.toThrow(/permission denied for database postgres/);
    });

    it('is the only one of the services that can read the claims', async () => {
      await expect(runAs(ADMIN_URL, users.ledgerWriter, `SELECT count(*) FROM "${claimSchema}".accepted_event_keys`)).rejects.toThrow(
        /permission denied for schema/,
      );
    });
  });

  describe("PostgreSQL: the credential store (admins' API keys and tokens)", () => {
    const table = `"${credentialsSchema}".credentials`;

    it('is migrated and written by its admin (the gateway), in its own schema and nowhere else', async () => {
      const pool = new Pool({ connectionString: withCredentials(ADMIN_URL, users.credentialsAdmin), max: 1 });
      const store = new PostgresCredentialStore(pool, credentialsSchema);
      try {
        await store.migrate();
        await store.issue({ kind: 'api_key', subject: 'api-key:gdx', roles: ['platform'], platform: 'gdx' }, { by: 'dev-admin', reason: 'onboarding' });
      } finally {
        await store.close();
      }
      await expect(runAs(ADMIN_URL, users.credentialsAdmin, 'CREATE SCHEMA forbidden')).rejects.toThrow(/permission denied for database postgres/);
      await expect(runAs(ADMIN_URL, users.credentialsAdmin, `SELECT count(*) FROM "${claimSchema}".accepted_event_keys`)).rejects.toThrow(
        /permission denied for schema/,
      );
      await expect(runAs(ledgerAdminUrl, users.credentialsAdmin, 'SELECT count(*) FROM events')).rejects.toThrow(/permission denied for database "ledger_/);
    });

    it('is read by its reader (the ingest), which can never issue, revoke or rewrite', async () => {
      expect(await runAs(ADMIN_URL, users.credentialsReader, `SELECT count(*)::int AS n FROM ${table}`)).toEqual([{ n: 1 }]);
      await expect(runAs(ADMIN_URL, users.credentialsReader, `INSERT INTO ${table} SELECT * FROM ${table}`)).rejects.toThrow(
        /permission denied for table credentials/,
      );
      await expect(runAs(ADMIN_URL, users.credentialsReader, `UPDATE ${table} SET revoked_at = NULL`)).rejects.toThrow(
        /permission denied for table credentials/,
      );
      await expect(runAs(ADMIN_URL, users.credentialsReader, `DELETE FROM ${table}`)).rejects.toThrow(/permission denied for table credentials/);
      await expect(runAs(ADMIN_URL, users.credentialsReader, `DELETE FROM "${credentialsSchema}".credential_audit`)).rejects.toThrow(
        /permission denied for table credential_audit/,
      );
    });

    it('is closed to the other services', async () => {
      for (const other of [users.ingest, users.ledgerWriter, users.ledgerReader])
        await expect(runAs(ADMIN_URL, other, `SELECT count(*) FROM ${table}`)).rejects.toThrow(/permission denied for schema/);
    });
  });

  describe('PostgreSQL: the ledger', () => {
    it('takes an append from the writer (scoring, stewards), which cannot rewrite or remove what it holds', async () => {
      const store = await PostgresEventStore.open({ connectionString: withCredentials(ledgerAdminUrl, users.ledgerWriter) });
      await store.append('target-kpi-1', [event], 'no_stream');
      await store.close();
      await expect(runAs(ledgerAdminUrl, users.ledgerWriter, `UPDATE events SET data = '{"target": 50}'`)).rejects.toThrow(
        /permission denied for table events/,
      );
      await expect(runAs(ledgerAdminUrl, users.ledgerWriter, 'DELETE FROM events')).rejects.toThrow(/permission denied for table events/);
      await expect(runAs(ledgerAdminUrl, users.ledgerWriter, 'TRUNCATE events')).rejects.toThrow(/permission denied for table events/);
      await expect(runAs(ledgerAdminUrl, users.ledgerWriter, 'DROP TABLE events')).rejects.toThrow(/must be owner of table events/);
    });

    it("lets the reader (the gateway's auditor endpoints) read, never INSERT", async () => {
      const store = await PostgresEventStore.open({ connectionString: withCredentials(ledgerAdminUrl, users.ledgerReader) });
      try {
        expect((await store.readAll()).map((recorded) => recorded.stream)).toContain('target-kpi-1');
        await expect(store.append('target-kpi-2', [event], 'no_stream')).rejects.toThrow(/permission denied for table events/);
      } finally {
        await store.close();
      }
      await expect(
        runAs(ledgerAdminUrl, users.ledgerReader, `INSERT INTO events (stream, revision, type, data) VALUES ('forged', 0, 'TargetRevised', '{}')`),
      ).rejects.toThrow(/permission denied for table events/);
    });
  });
});
