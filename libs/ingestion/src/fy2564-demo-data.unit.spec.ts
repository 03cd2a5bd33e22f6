import { generateFy2564 } from '@govmetrics/demo-data';
import { validateUsageEvent } from './validate-usage-event';
import { catalog } from './testing/intake.fixtures';

describe('the FY2564 demo data (libs/demo-data) against the platform catalog', () => {
  it('passes the intake unchanged, every event: the scoring story can replay FY2564 through the ingest', () => {
    // The replay bounds the devkit pipeline configures (REPLAY_EVENTS_NOT_BEFORE), seen from a clock in 2026.
    const policy = { catalog, eventTime: { notBefore: new Date('2019-10-01T00:00:00+07:00'), maxAheadMs: 300_000 }, now: () => new Date('2026-11-26T00:00:00Z') };
    const refused = generateFy2564()
      .map((event) => ({ event, validation: validateUsageEvent(event, policy) }))
      .filter(({ validation }) => !validation.valid);
    expect(refused.slice(0, 3)).toEqual([]);
  });
});
