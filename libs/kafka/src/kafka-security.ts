import { isProduction } from '@govmetrics/config';
import { readFileSync } from 'node:fs';
import type { KafkaConfig as KafkaJsConfig, SASLOptions } from 'kafkajs';
import type { KafkaSecurityConfig } from './kafka-config';

/** The Kafka client's security settings do not describe a client that may connect; lists every problem. */
export class KafkaSecurityConfigError extends Error {
  readonly code = 'KAFKA_SECURITY_CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid Kafka client security:\n  ${problems.join('\n  ')}`);
    this.name = 'KafkaSecurityConfigError';
  }
}

function problemsOf(config: Partial<KafkaSecurityConfig>, env: Record<string, string | undefined>): string[] {
  const sasl = config.KAFKA_SASL_MECHANISM !== undefined;
  const problems: string[] = [];
  if (sasl && !config.KAFKA_SASL_USERNAME) problems.push('KAFKA_SASL_USERNAME=(unset): required with KAFKA_SASL_MECHANISM');
  if (sasl && !config.KAFKA_SASL_PASSWORD === !config.KAFKA_SASL_PASSWORD_FILE)
    problems.push('KAFKA_SASL_PASSWORD / KAFKA_SASL_PASSWORD_FILE: exactly one is required with KAFKA_SASL_MECHANISM');
  if (!sasl && (config.KAFKA_SASL_USERNAME || config.KAFKA_SASL_PASSWORD || config.KAFKA_SASL_PASSWORD_FILE))
    problems.push('KAFKA_SASL_MECHANISM=(unset): SASL credentials are set but would not be used');
  if (!sasl && isProduction(env) && !config.KAFKA_ALLOW_PLAINTEXT)
    problems.push('KAFKA_SASL_MECHANISM=(unset): production mode refuses an unauthenticated Kafka client (KAFKA_ALLOW_PLAINTEXT=true to allow it)');
  return problems;
}

const readSecret = (path: string): string => readFileSync(path, 'utf8').replace(/\r?\n$/, '');

/** kafkajs' `sasl` and `ssl` options from the environment's; throws {@link KafkaSecurityConfigError} naming every problem. */
export function kafkaSecurityOptions(
  config: Partial<KafkaSecurityConfig>,
  env: Record<string, string | undefined> = process.env,
): Pick<KafkaJsConfig, 'sasl' | 'ssl'> {
  const problems = problemsOf(config, env);
  if (problems.length > 0) throw new KafkaSecurityConfigError(problems);
  const ssl = config.KAFKA_TLS_CA_FILE ? { ca: [readFileSync(config.KAFKA_TLS_CA_FILE, 'utf8')] } : config.KAFKA_TLS === true ? true : undefined;
  if (!config.KAFKA_SASL_MECHANISM) return { ssl };
  const password = config.KAFKA_SASL_PASSWORD ?? readSecret(config.KAFKA_SASL_PASSWORD_FILE as string);
  const sasl: SASLOptions = { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME as string, password };
  return { sasl, ssl };
}
