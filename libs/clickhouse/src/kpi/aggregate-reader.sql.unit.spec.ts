import { aggregateQuerySql } from './aggregate-reader.sql';

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
