import { z } from 'zod';

/** A TCP port from the environment. */
export const portField = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A positive integer from the environment. */
export const positiveIntField = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A comma-separated list from the environment, e.g. `KAFKA_BROKERS=a:9092,b:9092`. */
export const listField = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1));
