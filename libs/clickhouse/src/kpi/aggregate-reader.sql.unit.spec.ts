import { aggregateQuerySql, runningQuerySql } from './aggregate-reader.sql';

const base = { platform: 'gdx', metric: 'api_calls', fromDay: '2020-10-01', toDay: '2021-09-30' };

describe(aggregateQuerySql.name, () => {
  it('merges the latest value per agency before summing, so a gauge is not double counted across days', () => {
    expect(aggregateQuerySql({ ...base, statistic: 'latest' })).toMatch(/SELECT sum\(latest\)[\s\S]*argMaxMerge\(last_value\)[\s\S]*GROUP BY agency/);
  });

  it('selects nothing when the query names no agency at all', () => {
    expect(aggregateQuerySql({ ...base, statistic: 'sum', agencies: [] })).toBeNull();
  });

  it('requires a present key for a dimension filter, so an empty value does not match a missing key', () => {
    const sql = aggregateQuerySql({ ...base, statistic: 'sum', dimensions: { tier: '' } });
    expect(sql).toContain("visitParamHas(dimensions, 'tier')");
    expect(sql).toContain("visitParamExtractString(dimensions, 'tier') = ''");
  });
});

describe(runningQuerySql.name, () => {
  it('counts each daily row for its own day and every later day of the range, grouped by that day', () => {
    const sql = runningQuerySql({ ...base, statistic: 'sum' });
    expect(sql).toContain("arrayJoin(arrayMap(i -> day + i, range(toUInt32(toDate('2021-09-30') - day + 1)))) AS through");
    expect(sql).toMatch(/^SELECT through, sumMerge\(value_sum\) AS value[\s\S]* GROUP BY through$/);
  });

  it("takes a gauge's latest value per agency and day counted through, then sums the agencies", () => {
    expect(runningQuerySql({ ...base, statistic: 'latest' })).toMatch(/GROUP BY through, agency\) GROUP BY through$/);
  });

  it('counts a distinct entity from the first day it was seen, in one scan of the raw events', () => {
    const sql = runningQuerySql({ ...base, statistic: 'distinct' });
    expect(sql).toContain('min(toDate(toTimeZone(event_time,');
    expect(sql).toMatch(/SELECT through, sum\(entities\) AS value, sum\(seen\) AS events/);
  });

  it('selects nothing when the query names no agency at all', () => {
    expect(runningQuerySql({ ...base, statistic: 'sum', agencies: [] })).toBeNull();
  });
});
