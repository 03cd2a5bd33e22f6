import { ConfigError } from '@govmetrics/config';
import { loadIngestConfig } from './ingest.config';

describe(loadIngestConfig.name, () => {
  it('reads platform=key pairs, several keys per platform, and derives a transactional id prefix from host and port', () => {
    const config = loadIngestConfig({ INGEST_API_KEYS: 'gdx=0123456789abcdef, gdx=fedcba9876543210,mailgothai=0123456789abcdef', INGEST_PORT: '4100' });
    expect(config.INGEST_API_KEYS).toEqual([
      { platform: 'gdx', key: '0123456789abcdef' },
      { platform: 'gdx', key: 'fedcba9876543210' },
      { platform: 'mailgothai', key: '0123456789abcdef' },
    ]);
    expect(config.INGEST_TRANSACTIONAL_ID_PREFIX).toMatch(/^ingest-.+-4100$/);
    expect(config.RAW_INTAKE_ENABLED).toBe(true);
  });

  it('refuses to start without keys, with a short key, or with a bad event-time bound, naming each', () => {
    expect(() => loadIngestConfig({})).toThrow(/INGEST_API_KEYS=\(unset\)/);
    expect(() => loadIngestConfig({ INGEST_API_KEYS: 'gdx=short' })).toThrow(/at least 16 characters/);
    const attempt = () => loadIngestConfig({ INGEST_API_KEYS: 'gdx=0123456789abcdef', EVENT_TIME_NOT_BEFORE: 'last year' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/EVENT_TIME_NOT_BEFORE="last year"/);
  });

  it("refuses to start in production without the claim store's and the credential store's own connection strings, and starts with them", () => {
    const keys = { INGEST_API_KEYS: 'gdx=0123456789abcdef' };
    expect(loadIngestConfig(keys).INGEST_DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    const attempt = () => loadIngestConfig({ ...keys, NODE_ENV: 'production' });
    expect(attempt).toThrow(/INGEST_DATABASE_URL=\(unset\): required in production/);
    expect(attempt).toThrow(/CREDENTIALS_DATABASE_URL=\(unset\): required in production/);
    const urls = { INGEST_DATABASE_URL: 'postgres://govmetrics_ingest:pw@db/govmetrics', CREDENTIALS_DATABASE_URL: 'postgres://reader:pw@db/govmetrics' };
    expect(loadIngestConfig({ ...keys, GOVMETRICS_ENV: 'production', ...urls })).toMatchObject(urls);
  });

  it('bounds requests by default (30 s whole, 10 s headers, 5 s keep-alive) and refuses a headers timeout longer than the request timeout', () => {
    const keys = { INGEST_API_KEYS: 'gdx=0123456789abcdef' };
    expect(loadIngestConfig(keys)).toMatchObject({
      INGEST_REQUEST_TIMEOUT_MS: 30_000,
      INGEST_HEADERS_TIMEOUT_MS: 10_000,
      INGEST_KEEP_ALIVE_TIMEOUT_MS: 72_000,
    });
    expect(() => loadIngestConfig({ ...keys, INGEST_REQUEST_TIMEOUT_MS: '5000', INGEST_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      /INGEST_HEADERS_TIMEOUT_MS="6000": .*must not exceed/,
    );
  });
});
