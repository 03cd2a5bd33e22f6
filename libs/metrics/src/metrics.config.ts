import { portField, positiveIntField } from '@govmetrics/config';
import { z } from 'zod';

/** Where a service serves `/metrics` for Prometheus: its own port, apart from the API, so only operators reach it. */
export const MetricsConfigSchema = z.object({
  /** 0 = no metrics endpoint (the default, so that services on one host never collide); docs/operations.md suggests 9401–9404. */
  METRICS_PORT: portField(0),
  /** Loopback by default: bind an operators-only interface, never the public one. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** How often consumer lag is read from the broker (committed vs end offsets). */
  CONSUMER_LAG_INTERVAL_MS: positiveIntField(5000),
});

export type MetricsConfig = z.infer<typeof MetricsConfigSchema>;
