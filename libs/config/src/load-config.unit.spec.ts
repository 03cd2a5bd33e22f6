import { z } from 'zod';
import { ConfigError, isProduction, listField, loadConfig, portField } from './index';

const schema = z.object({ PORT: portField(3000), BROKERS: listField('127.0.0.1:9092'), NAME: z.string().min(1) });

describe(loadConfig.name, () => {
  it('applies defaults and coerces values', () => {
    expect(loadConfig(schema, { NAME: 'ingest', BROKERS: 'a:1, b:2' })).toEqual({
      PORT: 3000,
      BROKERS: ['a:1', 'b:2'],
      NAME: 'ingest',
    });
  });

  it('reports every bad key with its value', () => {
    const attempt = () => loadConfig(schema, { PORT: 'eighty' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT="eighty"/);
    expect(attempt).toThrow(/NAME=\(unset\)/);
  });

  it('never echoes the value of a key that holds a secret, whatever its spelling', () => {
    const secrets = z.object({ INGEST_API_KEYS: z.string().min(100), LEDGER_SECRET: z.email(), DB_PASSWORD: z.url(), AUTH_TOKEN: z.uuid(), api_key: z.uuid() });
    const env = {
      INGEST_API_KEYS: 'gdx=hunter2hunter2hunter2',
      LEDGER_SECRET: 's3cr3t-value',
      DB_PASSWORD: 'pa55word',
      AUTH_TOKEN: 'tok-123456',
      api_key: 'k-987654',
    };

    const error = refusal(() => loadConfig(secrets, env));

    expect(error.problems).toHaveLength(5);
    for (const value of Object.values(env)) expect(`${error.message}\n${error.problems.join('\n')}`).not.toContain(value);
    expect(error.problems).toContainEqual(expect.stringMatching(/^INGEST_API_KEYS=\(set, not shown\): /));
  });

  it('masks the password of any URL in a bad value, and keeps the rest for the operator to fix', () => {
    const urls = z.object({ INGEST_DATABASE_URL: z.string().startsWith('sqlite:'), KAFKA_BROKERS: z.string().regex(/^[^/]+$/) });
    const env = { INGEST_DATABASE_URL: 'postgres://ingest:correct-horse@db.internal:5432/ingest', KAFKA_BROKERS: 'kafka://svc:p@ss/w0rd@broker:9092' };

    const error = refusal(() => loadConfig(urls, env));
    const message = `${error.message}\n${error.problems.join('\n')}`;

    expect(message).toContain('INGEST_DATABASE_URL="postgres://ingest:***@db.internal:5432/ingest"');
    expect(message).toContain('KAFKA_BROKERS="kafka://svc:***@broker:9092"');
    expect(message).not.toMatch(/correct-horse|p@ss|w0rd/);
  });

  it('shows a bad plain value and a URL without a password unchanged', () => {
    const strict = z.object({ INGEST_DATABASE_URL: z.string().startsWith('sqlite:'), INGEST_PORT: z.coerce.number() });

    const error = refusal(() => loadConfig(strict, { INGEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', INGEST_PORT: 'eighty' }));

    expect(error.problems).toContainEqual(expect.stringMatching(/^INGEST_DATABASE_URL="postgres:\/\/postgres@127\.0\.0\.1:5432\/postgres": /));
    expect(error.problems).toContainEqual(expect.stringMatching(/^INGEST_PORT="eighty": /));
  });
});

describe('loadConfig in production mode', () => {
  const withDevDefault = z.object({ NAME: z.string().default('ingest'), DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres') });
  const required = { requiredInProduction: ['DATABASE_URL'] };

  it('uses a local-development default outside production', () => {
    expect(loadConfig(withDevDefault, {}, required).DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it.each([{ NODE_ENV: 'production' }, { GOVMETRICS_ENV: 'production' }])('refuses the default of a required key when %j', (mode) => {
    const error = refusal(() => loadConfig(withDevDefault, mode, required));
    expect(error.problems).toEqual([expect.stringMatching(/^DATABASE_URL=\(unset\): required in production/)]);
  });

  it("counts an empty value as unset, and lists it beside the schema's own problems", () => {
    const error = refusal(() => loadConfig(withDevDefault.extend({ PORT: portField(1) }), { NODE_ENV: 'production', DATABASE_URL: '', PORT: 'x' }, required));
    expect(error.problems).toEqual([expect.stringMatching(/^DATABASE_URL=\(unset\)/), expect.stringMatching(/^PORT="x"/)]);
  });

  it('starts in production once the key is set', () => {
    expect(loadConfig(withDevDefault, { NODE_ENV: 'production', DATABASE_URL: 'postgres://svc:pw@db/x' }, required).DATABASE_URL).toBe(
      'postgres://svc:pw@db/x',
    );
  });
});

describe(isProduction.name, () => {
  it('is production only when NODE_ENV or GOVMETRICS_ENV says so', () => {
    expect([{}, { NODE_ENV: 'development' }, { NODE_ENV: 'test', GOVMETRICS_ENV: 'local' }, { GOVMETRICS_ENV: 'production' }].map(isProduction)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });
});

function refusal(attempt: () => unknown): ConfigError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('expected a ConfigError');
}
