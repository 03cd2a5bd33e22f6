import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaConfigSchema } from './kafka-config';
import { KafkaSecurityConfigError, kafkaSecurityOptions } from './kafka-security';

const parse = (env: Record<string, string>) => KafkaConfigSchema.parse(env);
const problemsOf = (env: Record<string, string>, processEnv: Record<string, string> = {}): string[] => {
  try {
    kafkaSecurityOptions(parse(env), processEnv);
    return [];
  } catch (error) {
    if (error instanceof KafkaSecurityConfigError) return error.problems;
    throw error;
  }
};

describe(kafkaSecurityOptions.name, () => {
  const folder = mkdtempSync(join(tmpdir(), 'kafka-security-'));
  const passwordFile = join(folder, 'ingest.password');
  writeFileSync(passwordFile, 's3cret\n');

  it('connects without SASL or TLS when nothing is configured, outside production', () => {
    expect(kafkaSecurityOptions(parse({}), {})).toEqual({ sasl: undefined, ssl: undefined });
  });

  it('reads the SCRAM password from its file without the trailing newline, whatever the mechanism’s case', () => {
    const env = { KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'ingest', KAFKA_SASL_PASSWORD_FILE: passwordFile };
    expect(kafkaSecurityOptions(parse(env), {}).sasl).toEqual({ mechanism: 'scram-sha-512', username: 'ingest', password: 's3cret' });
  });

  it('turns TLS on by flag, and with a CA file trusts that CA', () => {
    const caFile = join(folder, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    expect(kafkaSecurityOptions(parse({ KAFKA_TLS: 'true' }), {}).ssl).toBe(true);
    expect(kafkaSecurityOptions(parse({ KAFKA_TLS_CA_FILE: caFile }), {}).ssl).toEqual({ ca: [expect.stringContaining('BEGIN CERTIFICATE')] });
  });

  it('refuses an unauthenticated client in production unless KAFKA_ALLOW_PLAINTEXT=true', () => {
    expect(problemsOf({}, { NODE_ENV: 'production' })).toEqual([expect.stringContaining('production mode refuses an unauthenticated Kafka client')]);
    expect(problemsOf({}, { GOVMETRICS_ENV: 'production' })).toHaveLength(1);
    expect(problemsOf({ KAFKA_ALLOW_PLAINTEXT: 'true' }, { NODE_ENV: 'production' })).toEqual([]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, { NODE_ENV: 'production' })).toEqual([]);
  });

  it('names every incomplete or contradictory SASL setting at once', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toEqual([
      expect.stringMatching(/^KAFKA_SASL_USERNAME=\(unset\)/),
      expect.stringMatching(/exactly one is required/),
    ]);
    expect(
      problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SASL_PASSWORD_FILE: passwordFile }),
    ).toEqual([expect.stringMatching(/exactly one is required/)]);
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'u' })).toEqual([expect.stringMatching(/would not be used/)]);
  });

  it('takes empty values for unset, as the rest of the configuration does', () => {
    expect(KafkaConfigSchema.parse({ KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_TLS: '' })).toMatchObject({
      KAFKA_SASL_MECHANISM: undefined,
      KAFKA_SASL_USERNAME: undefined,
      KAFKA_TLS: false,
    });
  });

  it('rejects a mechanism kafkajs cannot speak as SCRAM at config load', () => {
    expect(KafkaConfigSchema.safeParse({ KAFKA_SASL_MECHANISM: 'plain' }).success).toBe(false);
  });
});
