import { z } from 'zod';
import { positiveIntField } from './env-fields';

/**
 * Health of a service without an HTTP API (a Kafka consumer): its health port (`<SERVICE>_HEALTH_PORT`, each
 * service's own) listens on HEALTH_HOST, and the consumer is not ready once records have waited CONSUMER_STALL_MS
 * on a partition whose committed offset did not move.
 */
export const ConsumerHealthConfigSchema = z.object({
  HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  CONSUMER_STALL_MS: positiveIntField(60_000),
});

/** Every service's log threshold: `info` logs each HTTP request (two lines); `warn` only what needs a look. */
export const LogConfigSchema = z.object({ LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') });
