import type { Held } from '@govmetrics/config';
import type { Registry } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import type { MetricsConfig } from './metrics.config';
import { serveMetrics } from './metrics.server';

/**
 * A service's registry, served on METRICS_PORT (when not 0) until the composition is released. Opened first, so that every
 * later adapter can be instrumented with it and the endpoint answers while the service starts.
 */
export async function openMetrics(held: Held, service: string, config: Pick<MetricsConfig, 'METRICS_PORT' | 'METRICS_HOST'>): Promise<Registry> {
  const registry = createMetricsRegistry(service);
  if (config.METRICS_PORT !== 0) held.hold(await serveMetrics(registry, { host: config.METRICS_HOST, port: config.METRICS_PORT }), (server) => server.close());
  return registry;
}
