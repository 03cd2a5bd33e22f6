import { listField } from '@govmetrics/config';
import { z } from 'zod';

// An empty value counts as unset, as everywhere in the configuration: `KAFKA_SASL_MECHANISM=` turns SASL off.
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
const optionalText = unsetWhenEmpty(z.string().optional());
const flag = unsetWhenEmpty(
  z
    .enum(['true', 'false'], { message: 'expected true or false' })
    .default('false')
    .transform((value) => value === 'true'),
);

/** How a client proves who it is and protects the connection; docs/security.md, "Kafka". */
export const KafkaSecurityConfigSchema = z.object({
  /** SASL/SCRAM; unset means no SASL (the local plain broker on 9092). */
  KAFKA_SASL_MECHANISM: unsetWhenEmpty(
    z
      .string()
      .transform((value) => value.toLowerCase())
      .pipe(z.enum(['scram-sha-256', 'scram-sha-512']))
      .optional(),
  ),
  KAFKA_SASL_USERNAME: optionalText,
  /** The password itself, or (preferred: it stays out of the process environment) a file holding it. */
  KAFKA_SASL_PASSWORD: optionalText,
  KAFKA_SASL_PASSWORD_FILE: optionalText,
  /** TLS with the system's CAs; a CA file implies TLS with that CA. */
  KAFKA_TLS: flag,
  KAFKA_TLS_CA_FILE: optionalText,
  /** Production mode refuses a client without SASL unless this says the network itself is trusted. */
  KAFKA_ALLOW_PLAINTEXT: flag,
});

/** Environment keys every Kafka-speaking service shares. */
export const KafkaConfigSchema = z
  .object({
    KAFKA_BROKERS: listField('127.0.0.1:9092'),
    KAFKA_CLIENT_ID: z.string().min(1).default('govmetrics'),
    /** How long a service waits at start for a broker that is still starting before it gives up and exits. */
    KAFKA_STARTUP_WAIT_MS: z.coerce.number().int().nonnegative().default(60_000),
  })
  .extend(KafkaSecurityConfigSchema.shape);

export type KafkaConfig = z.infer<typeof KafkaConfigSchema>;
export type KafkaSecurityConfig = z.infer<typeof KafkaSecurityConfigSchema>;
