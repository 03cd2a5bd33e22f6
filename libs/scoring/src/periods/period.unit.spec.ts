import { KpiPeriodSchema } from '@govmetrics/contracts';
import { clipAt, periodDays } from './period';

const days = (input: unknown) => periodDays(KpiPeriodSchema.parse(input));

describe(periodDays.name, () => {
  it('runs fiscal year 2564 B.E. (the default era) from 2020-10-01 to 2021-09-30', () =>
    expect(days({ kind: 'fiscal-year', year: 2564 })).toEqual({ fromDay: '2020-10-01', toDay: '2021-09-30' }));
  it('names the same year 2021 in C.E.', () =>
    expect(days({ kind: 'fiscal-year', year: 2021, era: 'CE' })).toEqual({ fromDay: '2020-10-01', toDay: '2021-09-30' }));
  it.each([
    [1, { fromDay: '2020-10-01', toDay: '2020-12-31' }],
    [2, { fromDay: '2021-01-01', toDay: '2021-03-31' }],
    [3, { fromDay: '2021-04-01', toDay: '2021-06-30' }],
    [4, { fromDay: '2021-07-01', toDay: '2021-09-30' }],
  ])('puts fiscal quarter %p of 2564 at %p', (quarter, expected) => expect(days({ kind: 'fiscal-quarter', year: 2564, quarter })).toEqual(expected));
  it('takes a custom range as given and refuses one that ends before it starts', () => {
    expect(days({ kind: 'range', from: '2021-01-15', to: '2021-02-15' })).toEqual({ fromDay: '2021-01-15', toDay: '2021-02-15' });
    expect(KpiPeriodSchema.safeParse({ kind: 'range', from: '2021-02-15', to: '2021-01-15' }).success).toBe(false);
  });
});

describe(clipAt.name, () => {
  const fy = { fromDay: '2020-10-01', toDay: '2021-09-30' };
  it('counts up to and including the as-of day', () => expect(clipAt(fy, '2021-03-31')).toEqual({ fromDay: '2020-10-01', toDay: '2021-03-31' }));
  it('keeps the whole period after it ended', () => expect(clipAt(fy, '2022-01-01')).toEqual(fy));
  it('has nothing to count before the period began', () => expect(clipAt(fy, '2020-09-30')).toBeNull());
});
