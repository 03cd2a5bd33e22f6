import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The one registry of a process: Node's default metrics (event-loop lag, heap, RSS, GC, open handles) and every
 * instrument of the service, each series labelled with the service's name.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'govmetrics_', eventLoopMonitoringPrecision: 20 });
  return registry;
}
