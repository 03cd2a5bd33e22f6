import type { KpiPeriod } from '@govmetrics/contracts';

/** Bangkok calendar days, inclusive, `YYYY-MM-DD`. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

const BUDDHIST_ERA_OFFSET = 543;
const QUARTER_DAYS: Record<number, (ce: number) => DayRange> = {
  1: (ce) => ({ fromDay: `${ce - 1}-10-01`, toDay: `${ce - 1}-12-31` }),
  2: (ce) => ({ fromDay: `${ce}-01-01`, toDay: `${ce}-03-31` }),
  3: (ce) => ({ fromDay: `${ce}-04-01`, toDay: `${ce}-06-30` }),
  4: (ce) => ({ fromDay: `${ce}-07-01`, toDay: `${ce}-09-30` }),
};

/** The C.E. year a fiscal year ends in. */
const endYear = (year: number, era: 'BE' | 'CE'): number => (era === 'BE' ? year - BUDDHIST_ERA_OFFSET : year);

/** The days a period covers: FY2564 (B.E.) = FY2021 (C.E.) = 2020-10-01..2021-09-30. */
export function periodDays(period: KpiPeriod): DayRange {
  switch (period.kind) {
    case 'fiscal-year': {
      const ce = endYear(period.year, period.era);
      return { fromDay: `${ce - 1}-10-01`, toDay: `${ce}-09-30` };
    }
    case 'fiscal-quarter': {
      const quarter = QUARTER_DAYS[period.quarter];
      if (!quarter) throw new RangeError(`fiscal quarter must be 1-4, got ${period.quarter}`);
      return quarter(endYear(period.year, period.era));
    }
    case 'range':
      return { fromDay: period.from, toDay: period.to };
  }
}

/** The part of a period up to and including the as-of day; `null` when the period has not begun. */
export function clipAt(range: DayRange, asOf: string): DayRange | null {
  if (asOf < range.fromDay) return null;
  return { fromDay: range.fromDay, toDay: asOf < range.toDay ? asOf : range.toDay };
}

export const contains = (range: DayRange, day: string): boolean => range.fromDay <= day && day <= range.toDay;
