import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig } from './kafka-config';
import { kafkaLogCreator } from './kafkajs-log';

export function createKafka(config: Pick<KafkaConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>): Kafka {
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.ERROR,
    logCreator: kafkaLogCreator,
    connectionTimeout: 3000,
    // A short retry budget: callers decide what an unreachable broker means (HTTP 503, consumer restart).
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 3000 },
  });
}
