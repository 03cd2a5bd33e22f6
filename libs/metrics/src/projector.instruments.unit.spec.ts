import { Registry } from 'prom-client';
import { projectorInstruments } from './projector.instruments';

const sample = async (registry: Registry, name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;

describe(projectorInstruments.name, () => {
  it('reports freshness as unknown (NaN) before the first fold, then now minus the newest event time folded, which never moves back', async () => {
    const registry = new Registry();
    const metrics = projectorInstruments(registry);
    await registry.metrics();
    expect(await sample(registry, 'govmetrics_projector_freshness_seconds')).toBeNaN();
    expect(await sample(registry, 'govmetrics_projector_newest_event_timestamp_seconds')).toBeNaN();
    const newest = Date.now() / 1000 - 120;
    metrics.folded(newest);
    metrics.folded(newest - 3600);
    await registry.metrics();
    expect(await sample(registry, 'govmetrics_projector_newest_event_timestamp_seconds')).toBe(newest);
    const freshness = await sample(registry, 'govmetrics_projector_freshness_seconds');
    expect(freshness).toBeGreaterThanOrEqual(120);
    expect(freshness).toBeLessThan(130);
  });
});
