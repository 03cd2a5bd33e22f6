import { generateFy2564 } from '@govmetrics/demo-data';
import { assessBatch, countVerdicts } from './assess-batch';
import { catalog } from './testing/intake.fixtures';

describe('the FY2564 demo data (libs/demo-data) against the platform catalog', () => {
  it('passes the intake unchanged, every event, with no (source, id) used twice: the scoring story can replay FY2564 through the ingest', () => {
    // The replay bounds the devkit pipeline configures (REPLAY_EVENTS_NOT_BEFORE), seen from a clock in 2026.
    const policy = {
      catalog,
      eventTime: { notBefore: new Date('2019-10-01T00:00:00+07:00'), maxAheadMs: 300_000 },
      now: () => new Date('2026-11-26T00:00:00Z'),
    };
    const events = generateFy2564();
    const { verdicts } = assessBatch(events, policy);

    expect(verdicts.filter((verdict) => verdict.status !== 'accepted').slice(0, 3)).toEqual([]);
    expect(countVerdicts(verdicts)).toEqual({ accepted: events.length, duplicate: 0, rejected: 0 });
  });
});
