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

  it('counts distinct entities by merging the daily named-entity states, never scanning the raw events', () => {
    const sql = aggregateQuerySql({ ...base, statistic: 'distinct', agencies: ['moph'] });
    expect(sql).toMatch(/^SELECT uniqExactIfMerge\(entities\) AS value, count\(\) AS events FROM usage_daily_entities WHERE platform = 'gdx'/);
    expect(sql).toContain("agency IN ('moph')");
    expect(sql).not.toMatch(/\busage_events\b/);
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

  it('unions the daily named-entity states in day order, never scanning the raw events', () => {
    const sql = runningQuerySql({ ...base, statistic: 'distinct' });
    expect(sql).toContain('uniqExactIfMergeState(entities) AS state, count() AS rows FROM usage_daily_entities WHERE');
    expect(sql).toMatch(/GROUP BY day ORDER BY day\)$/);
    expect(sql).not.toMatch(/\busage_events\b/);
  });

  it('guards runningAccumulate with a throwIf on any row past the first block, where it would restart the union', () => {
    expect(runningQuerySql({ ...base, statistic: 'distinct' })).toContain(
      'runningAccumulate(state) + throwIf(rowNumberInBlock() != rowNumberInAllBlocks()) AS value',
    );
  });

  it('selects nothing when the query names no agency at all', () => {
    expect(runningQuerySql({ ...base, statistic: 'sum', agencies: [] })).toBeNull();
  });
});
