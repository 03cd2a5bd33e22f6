import { windowLabel, windowStart } from './series-labels';

describe(windowLabel.name, () => {
  it('names ISO weeks by the year of their Thursday, across a year end', () => {
    expect(windowLabel('week', '2020-12-28')).toBe('2020-W53');
    expect(windowLabel('week', '2021-01-04')).toBe('2021-W01');
    expect(windowLabel('week', '2019-12-30')).toBe('2020-W01');
  });

  it('names a Thai fiscal year by the Buddhist-era year it ends in', () => {
    expect(windowLabel('fiscal_year', '2020-10-01')).toBe('FY2564');
    expect(windowLabel('fiscal_year', '2021-10-01')).toBe('FY2565');
  });

  it('names months, quarters and days as written', () => {
    expect(windowLabel('month', '2021-03-01')).toBe('2021-03');
    expect(windowLabel('quarter', '2021-10-01')).toBe('2021-Q4');
    expect(windowLabel('day', '2021-03-01')).toBe('2021-03-01');
  });
});

describe(windowStart.name, () => {
  it("gives an hour as the zone's wall clock with its offset, daylight saving included", () => {
    const utcHour = String(Date.parse('2021-03-01T06:00:00Z') / 1000);
    expect(windowStart('hour', 'Asia/Bangkok', utcHour)).toBe('2021-03-01T13:00:00+07:00');
    expect(windowStart('hour', 'America/New_York', utcHour)).toBe('2021-03-01T01:00:00-05:00');
    expect(windowStart('hour', 'America/New_York', String(Date.parse('2021-07-01T06:00:00Z') / 1000))).toBe('2021-07-01T02:00:00-04:00');
    expect(windowLabel('hour', windowStart('hour', 'Asia/Bangkok', utcHour))).toBe('2021-03-01 13:00');
  });
});
