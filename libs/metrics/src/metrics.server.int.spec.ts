import { Counter } from 'prom-client';
import { createMetricsRegistry } from './metrics-registry';
import { serveMetrics } from './metrics.server';

describe(serveMetrics.name, () => {
  it("serves the registry's series in Prometheus text format, Node's defaults included, labelled with the service, and nothing else", async () => {
    const registry = createMetricsRegistry('projector');
    new Counter({ name: 'govmetrics_test_total', help: 'test', registers: [registry] }).inc(7);
    const server = await serveMetrics(registry, { host: '127.0.0.1', port: 0 });
    try {
      const answer = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await answer.text();
      expect(text).toContain('govmetrics_test_total{service="projector"} 7');
      expect(text).toMatch(/^govmetrics_nodejs_eventloop_lag_seconds\{service="projector"\} /m);
      expect(text).toMatch(/^govmetrics_process_resident_memory_bytes\{service="projector"\} /m);
      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
