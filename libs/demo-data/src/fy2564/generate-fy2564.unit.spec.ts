import type { MetricQuery } from '@govmetrics/scoring';
import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { UsageEventSchema } from '@govmetrics/contracts';
import type { StreamSpec } from './fy2564-streams';
import { FY2564_STREAMS } from './fy2564-streams';
import { generateFy2564, splitTotal } from './generate-fy2564';

const STATISTIC: Record<StreamSpec['kind'], MetricQuery['statistic']> = { counter: 'sum', gauge: 'latest', distinct: 'distinct', rating: 'average' };

describe(generateFy2564.name, () => {
  const events = generateFy2564();
  const reader = new InMemoryAggregateReader(events);
  const fy = { fromDay: '2020-10-01', toDay: '2021-09-30' };

  it('stays small enough to ingest over HTTP in a test (< 100k events), every one a valid usage event', () => {
    expect(events.length).toBeLessThan(100_000);
    for (const event of events) expect(UsageEventSchema.safeParse(event).success).toBe(true);
  });

  it('is deterministic', () => expect(generateFy2564()).toEqual(events));

  it.each(FY2564_STREAMS.map((spec) => [`${spec.platform}/${spec.metric}${spec.dimensions ? ` ${JSON.stringify(spec.dimensions)}` : ''}`, spec] as const))(
    '%s adds up to the printed figure and comes from the printed number of agencies',
    async (_name, spec) => {
      const base = { platform: spec.platform, metric: spec.metric, ...fy, ...(spec.dimensions ? { dimensions: spec.dimensions } : {}) };
      expect(await reader.read({ ...base, statistic: STATISTIC[spec.kind] })).toBe(spec.total);
      const agencies = typeof spec.agencies === 'number' ? spec.agencies : spec.agencies.length;
      expect(await reader.read({ ...base, statistic: 'agencies' })).toBe(agencies);
    },
  );

  it('gives GDX 63.3 million API calls from 169 agencies', async () => {
    expect(await reader.read({ platform: 'gdx', metric: 'api_calls', statistic: 'sum', ...fy })).toBe(63_300_000);
    expect(await reader.read({ platform: 'gdx', metric: 'api_calls', statistic: 'agencies', ...fy })).toBe(169);
  });

  it('keeps every event inside FY2564 and pseudonymises entities as hmac-v1:<64 hex>', async () => {
    expect(await reader.read({ platform: 'gdx', metric: 'api_calls', statistic: 'count', fromDay: '2000-01-01', toDay: '2020-09-30' })).toBeNull();
    for (const event of events) if (event.data.entity !== undefined) expect(event.data.entity).toMatch(/^hmac-v1:[0-9a-f]{64}$/);
  });
});

describe(splitTotal.name, () => {
  it('splits a total into positive whole shares that add up exactly', () => {
    const shares = splitTotal(63_300_000, 169 * 12);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(63_300_000);
    expect(shares.every((share) => Number.isInteger(share) && share > 0)).toBe(true);
  });
  it('refuses a total smaller than the number of shares', () => expect(() => splitTotal(2, 3)).toThrow('cannot split 2 into 3'));
});
