import { UsageEventSchema } from '@govmetrics/contracts';
import { FY2564_START, orderedUsage } from './ordered-usage';

const HOUR = 3_600_000;
const FY2564_END = Date.parse('2021-09-30T17:00:00Z');

describe(orderedUsage.name, () => {
  it('gives the same events whatever the chunks, so a bench can stream millions without holding them', () => {
    const whole = orderedUsage(0, 1_000, 1_000).map(({ value }) => value);
    const chunked = [...orderedUsage(0, 400, 1_000), ...orderedUsage(400, 600, 1_000)].map(({ value }) => value);
    expect(chunked).toEqual(whole);
    expect(new Set(orderedUsage(0, 1_000, 1_000).map(({ event }) => event.id)).size).toBe(1_000);
  });

  it('stops at the stream total', () => {
    expect(orderedUsage(990, 50, 1_000)).toHaveLength(10);
    expect(orderedUsage(1_000, 50, 1_000)).toHaveLength(0);
  });

  it('spreads the stream over FY2564 in time order, no event more than an hour before one sent earlier', () => {
    const times = orderedUsage(0, 5_000, 5_000).map(({ event }) => Date.parse(event.time));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(FY2564_START);
    expect(Math.max(...times)).toBeLessThan(FY2564_END);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(FY2564_END - FY2564_START - 2 * HOUR);
    let latest = 0;
    for (const time of times) {
      expect(time).toBeGreaterThan(latest - HOUR);
      latest = Math.max(latest, time);
    }
  });

  it('makes contract-valid events keyed platform:agency, a fifth of them of metrics the FY2564 catalog scores', () => {
    const stream = orderedUsage(0, 10_000, 10_000);
    for (const { key, event } of stream.slice(0, 500)) {
      expect(UsageEventSchema.safeParse(event).success).toBe(true);
      expect(key).toBe(`${event.data.platform}:${event.data.agency}`);
    }
    const scored = stream.filter(({ event }) => event.data.platform !== 'gdx').length / stream.length;
    expect(scored).toBeGreaterThan(0.27);
    expect(scored).toBeLessThan(0.33);
    expect(stream.filter(({ event }) => event.data.entity !== undefined).every(({ event }) => event.data.metric === 'active_users')).toBe(true);
  });
});
