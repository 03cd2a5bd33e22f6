import { checkEventTime, EVENT_IN_FUTURE_RULE, EVENT_TOO_OLD_RULE, fiscalYearStart, previousFiscalYearStart } from './event-time.rules';
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

describe(previousFiscalYearStart.name, () => {
  it.each([
    ['2021-09-30T16:59:59Z', '2019-09-30T17:00:00.000Z'], // last second of FY2564 in Bangkok: FY2563 is the previous year
    ['2021-09-30T17:00:00Z', '2020-09-30T17:00:00.000Z'], // first second of FY2565: FY2564 becomes the previous year
  ])('at %s is %s', (now, start) => {
    expect(previousFiscalYearStart(new Date(now)).toISOString()).toBe(start);
  });
});

describe(`${checkEventTime.name} without an explicit oldest time`, () => {
  const bounds = { maxAheadMs: 300_000 };
  const lastSecondOfFy2564 = new Date('2021-09-30T23:59:59+07:00');
  const firstSecondOfFy2565 = new Date('2021-10-01T00:00:00+07:00');
  const inFy2563 = gdxEvent({}, { time: '2020-09-15T10:00:00+07:00' });
  const inFy2564 = gdxEvent({}, { time: '2021-09-15T10:00:00+07:00' });

  it('accepts the previous fiscal year until 30 September and refuses it from 1 October, judged by the clock of each call', () => {
    expect(checkEventTime(inFy2563, bounds, lastSecondOfFy2564)).toEqual([]);

    expect(checkEventTime(inFy2563, bounds, firstSecondOfFy2565)).toEqual([
      expect.objectContaining({ path: '$.time', rule: EVENT_TOO_OLD_RULE, message: expect.stringContaining('2020-09-30T17:00:00.000Z') }),
    ]);
  });

  it('keeps the year that just closed open after 1 October, for its late events', () => {
    expect(checkEventTime(inFy2564, bounds, firstSecondOfFy2565)).toEqual([]);
  });

  it('lets an explicit oldest time override the clock', () => {
    expect(checkEventTime(inFy2563, { ...bounds, notBefore: new Date('2019-10-01T00:00:00+07:00') }, firstSecondOfFy2565)).toEqual([]);
    expect(checkEventTime(inFy2564, { ...bounds, notBefore: new Date('2021-09-20T00:00:00+07:00') }, lastSecondOfFy2564)).toEqual([
      expect.objectContaining({ rule: EVENT_TOO_OLD_RULE }),
    ]);
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
