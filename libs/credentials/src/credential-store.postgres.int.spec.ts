import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { verifyAuditChain } from './audit-chain';
import { CachedCredentials } from './cached-credentials';
import { PostgresCredentialStore } from './credential-store.postgres';
import { CredentialStoreError } from './credentials.errors';
import { secretDigest } from './stored-credential';

const ADMIN_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = { by: 'dev-admin', reason: 'onboarding gdx' };

describe(PostgresCredentialStore.name, () => {
  const schema = `credentials_${randomBytes(6).toString('hex')}`;
  let pool: Pool;
  let store: PostgresCredentialStore;

  beforeAll(async () => {
    pool = new Pool({ connectionString: ADMIN_URL, max: 4 });
    store = new PostgresCredentialStore(pool, schema);
    // Two replicas starting together: the advisory lock lets one migrate, the other finds it done.
    await Promise.all([store.migrate(), new PostgresCredentialStore(pool, schema).migrate()]);
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.close();
  });

  it('keeps only the digest of an issued secret, and finds the credential by it', async () => {
    const { credential, secret } = await store.issue({ kind: 'api_key', subject: 'api-key:gdx', roles: ['platform'], platform: 'gdx' }, admin);
    const { rows } = await pool.query<{ text: string }>(`SELECT row_to_json(c)::text AS text FROM "${schema}".credentials c WHERE id = $1`, [credential.id]);
    expect(rows[0]?.text).not.toContain(secret);
    expect(await store.byDigest('api_key', secretDigest(secret))).toMatchObject({ id: credential.id, platform: 'gdx', createdBy: 'dev-admin' });
    expect(await store.byDigest('token', secretDigest(secret))).toBeUndefined();
  });

  it('revokes once, with who and why; a second revocation and an unknown id are typed refusals', async () => {
    const { credential } = await store.issue({ kind: 'token', subject: 'ops-dashboard', roles: ['operator'], agencies: ['moph'] }, admin);
    const revoked = await store.revoke('token', credential.id, { by: 'dev-admin', reason: 'leaked in a log' });
    expect(revoked).toMatchObject({ revokedBy: 'dev-admin', revokeReason: 'leaked in a log' });
    await expect(store.revoke('token', credential.id, admin)).rejects.toMatchObject({ code: 'CREDENTIAL_ALREADY_REVOKED' });
    await expect(store.revoke('api_key', credential.id, admin)).rejects.toMatchObject({ code: 'CREDENTIAL_NOT_FOUND' });
    expect((await store.list('token')).find(({ id }) => id === credential.id)?.revokedAt).toBeInstanceOf(Date);
  });

  it('audits every change in a hash chain the server will not let anyone alter', async () => {
    const trail = await store.auditTrail();
    expect(trail.map(({ action }) => action)).toEqual(['issued', 'issued', 'revoked']);
    expect(trail[2]).toMatchObject({ who: 'dev-admin', why: 'leaked in a log' });
    expect(verifyAuditChain(trail)).toMatchObject({ ok: true, records: 3 });
    await expect(pool.query(`UPDATE "${schema}".credential_audit SET who = 'someone-else'`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`DELETE FROM "${schema}".credential_audit`)).rejects.toThrow(/append-only/);
  });

  it('catches an insider who disables the guard and rewrites who revoked', async () => {
    await pool.query(`ALTER TABLE "${schema}".credential_audit DISABLE TRIGGER credential_audit_append_only`);
    await pool.query(`UPDATE "${schema}".credential_audit SET who = 'someone-else' WHERE seq = 3`);
    await pool.query(`ALTER TABLE "${schema}".credential_audit ENABLE TRIGGER credential_audit_append_only`);
    expect(verifyAuditChain(await store.auditTrail())).toMatchObject({ ok: false, seq: 3 });
  });

  it('is refused within the cache time once revoked, and an expired credential is refused at once', async () => {
    let now = Date.now();
    const cache = new CachedCredentials(
      (kind, digest) => store.byDigest(kind, digest),
      5000,
      () => now,
    );
    const { credential, secret } = await store.issue({ kind: 'api_key', subject: 'api-key:gin', roles: ['platform'], platform: 'gin' }, admin);
    expect(await cache.active('api_key', secret)).toMatchObject({ id: credential.id });
    await store.revoke('api_key', credential.id, admin);
    expect(await cache.active('api_key', secret)).toMatchObject({ id: credential.id });
    now += 5000;
    expect(await cache.active('api_key', secret)).toBeUndefined();
    const soon = await store.issue({ kind: 'api_key', subject: 'api-key:gin', roles: ['platform'], platform: 'gin', expiresAt: new Date(now + 1000) }, admin);
    expect(await cache.active('api_key', soon.secret)).toBeDefined();
    now += 1000;
    expect(await cache.active('api_key', soon.secret)).toBeUndefined();
  });

  it('finds no credential in a store never migrated, and creates nothing looking', async () => {
    const fresh = `credentials_${randomBytes(6).toString('hex')}`;
    await expect(new PostgresCredentialStore(pool, fresh).byDigest('token', secretDigest('anything'))).resolves.toBeUndefined();
    const { rows } = await pool.query<{ present: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS present', [fresh]);
    expect(rows[0]?.present).toBe(false);
  });

  it('reports a server it cannot reach as retriable CREDENTIAL_STORE_UNAVAILABLE', async () => {
    const unreachable = new PostgresCredentialStore(new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' }), schema);
    const failure: unknown = await unreachable.list('token').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CredentialStoreError);
    expect(failure).toMatchObject({ code: 'CREDENTIAL_STORE_UNAVAILABLE', retriable: true });
    await unreachable.close();
  });
});
