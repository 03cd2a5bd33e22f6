import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig, KafkaSecurityConfig } from './kafka-config';
import { kafkaLogCreator } from './kafkajs-log';
import { kafkaSecurityOptions } from './kafka-security';

/** Where and as whom to connect; callers that parsed {@link KafkaConfigSchema} pass its whole result. */
export type KafkaClientConfig = Pick<KafkaConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'> & Partial<KafkaSecurityConfig>;

/**
 * A kafkajs client with SASL/SCRAM and TLS as configured. Throws `KafkaSecurityConfigError` when the settings are
 * incomplete or, in production mode (`env`), when the client would connect unauthenticated without KAFKA_ALLOW_PLAINTEXT.
 */
export function createKafka(config: KafkaClientConfig, env: Record<string, string | undefined> = process.env): Kafka {
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    ...kafkaSecurityOptions(config, env),
    logLevel: logLevel.ERROR,
    logCreator: kafkaLogCreator,
    connectionTimeout: 3000,
    // A short retry budget: callers decide what an unreachable broker means (HTTP 503, consumer restart).
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 3000 },
  });
}
