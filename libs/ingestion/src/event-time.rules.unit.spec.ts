import { checkEventTime, EVENT_IN_FUTURE_RULE, EVENT_TOO_OLD_RULE, fiscalYearStart } from './event-time.rules';
import { gdxEvent, NOW, policy } from './testing/intake.fixtures';

describe(fiscalYearStart.name, () => {
  it.each([
    ['2021-09-30T16:59:59Z', '2020-09-30T17:00:00.000Z'], // 23:59:59 on 30 Sep in Bangkok: still FY2564
    ['2021-09-30T17:00:00Z', '2021-09-30T17:00:00.000Z'], // midnight 1 Oct in Bangkok: FY2565 begins
    ['2026-11-26T01:00:00Z', '2026-09-30T17:00:00.000Z'],
  ])('puts %s in the fiscal year starting %s (1 Oct, Asia/Bangkok)', (now, start) => {
    expect(fiscalYearStart(new Date(now)).toISOString()).toBe(start);
  });
});

describe(checkEventTime.name, () => {
  it('rejects an event before the oldest accepted time with its own rule', () => {
    expect(checkEventTime(gdxEvent({}, { time: '2020-09-30T23:59:59+07:00' }), policy.eventTime, NOW)).toEqual([
      expect.objectContaining({ path: '$.time', rule: EVENT_TOO_OLD_RULE }),
    ]);
  });

  it('rejects an event more than the allowed skew ahead with its own rule, and accepts one just within it', () => {
    const ahead = (ms: number) => gdxEvent({}, { time: new Date(NOW.getTime() + ms).toISOString() });
    expect(checkEventTime(ahead(5 * 60 * 1000 + 1000), policy.eventTime, NOW)).toEqual([expect.objectContaining({ rule: EVENT_IN_FUTURE_RULE })]);
    expect(checkEventTime(ahead(5 * 60 * 1000), policy.eventTime, NOW)).toEqual([]);
  });

  it('accepts the first instant of the window', () => {
    expect(checkEventTime(gdxEvent({}, { time: '2020-10-01T00:00:00+07:00' }), policy.eventTime, NOW)).toEqual([]);
  });
});
