import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCatalog } from '../catalog/parse-catalog';
import type { AggregateBucket } from './affected-by';
import { affectedBy, queryReadsBucket } from './affected-by';

const catalog = parseCatalog(
  `
version: 1
id: spec
name: spec
period: { kind: fiscal-year, year: 2564 }
scorecards:
  - id: S
    name: s
    aggregation: mean
    children:
      - id: USES
        name: uses
        actual:
          sum:
            - { label: a, platform: morchana, metric: registered_users, statistic: latest }
            - { label: b, platform: lawportal, metric: comments, statistic: sum }
        target: 10
        method: { kind: ratio }
      - id: GROUP
        name: group
        aggregation: mean
        children:
          - id: STAFF
            name: staff
            actual: { ratio: { numerator: { platform: tdga, metric: staff_upskilled, statistic: distinct, agencies: [dga] }, ` +
    `denominator: { platform: tdga, metric: staff_headcount, statistic: latest, agencies: [dga] } } }
            target: 1
            method: { kind: ratio }
          - id: Q4ONLY
            name: q4 only
            actual: { query: { platform: gdx, metric: api_calls, statistic: sum, period: { kind: fiscal-quarter, year: 2564, quarter: 4 } } }
            target: 1
            method: { kind: ratio }
  - id: T
    name: t
    aggregation: mean
    children:
      - id: SURVEY
        name: survey
        actual: { attested: { id: survey } }
        target: 1
        method: { kind: ratio }
      - id: LITERACY
        name: literacy
        actual: { query: { platform: tdga, metric: trainees_completed, statistic: sum, dimensions: { track: literacy } } }
        target: 1
        method: { kind: ratio }
`,
);

const bucket = (platform: string, metric: string, agency = 'moph', day = '2021-03-01'): AggregateBucket => ({ platform, metric, agency, day });

describe(affectedBy.name, () => {
  it('finds an indicator through any part of a sum, and only its scorecard', () => {
    expect(affectedBy(catalog, [bucket('lawportal', 'comments')], '2021-09-30')).toEqual({ indicators: ['USES'], scorecards: ['S'] });
  });

  it('finds a nested indicator through either side of a ratio, but only for the agencies the query selects', () => {
    expect(affectedBy(catalog, [bucket('tdga', 'staff_headcount', 'dga')], '2021-09-30')).toEqual({ indicators: ['STAFF'], scorecards: ['S'] });
    expect(affectedBy(catalog, [bucket('tdga', 'staff_headcount', 'moph')], '2021-09-30')).toEqual({ indicators: [], scorecards: [] });
  });

  it('ignores a bucket outside the period, after the as-of day, or before a query period that has not begun', () => {
    expect(affectedBy(catalog, [bucket('lawportal', 'comments', 'moph', '2021-10-01')], '2021-09-30').indicators).toEqual([]);
    expect(affectedBy(catalog, [bucket('lawportal', 'comments', 'moph', '2021-04-01')], '2021-03-31').indicators).toEqual([]);
    expect(affectedBy(catalog, [bucket('gdx', 'api_calls', 'moph', '2021-03-01')], '2021-09-30').indicators).toEqual([]);
    expect(affectedBy(catalog, [bucket('gdx', 'api_calls', 'moph', '2021-07-01')], '2021-06-30').indicators).toEqual([]);
    expect(affectedBy(catalog, [bucket('gdx', 'api_calls', 'moph', '2021-07-01')], '2021-09-30').indicators).toEqual(['Q4ONLY']);
  });

  it('treats a query with dimension filters as reading every bucket of its metric, since buckets carry no dimensions', () => {
    expect(affectedBy(catalog, [bucket('tdga', 'trainees_completed')], '2021-09-30')).toEqual({ indicators: ['LITERACY'], scorecards: ['T'] });
  });

  it('never reports an attested indicator, and nothing for a metric no indicator reads', () => {
    expect(affectedBy(catalog, [bucket('gin', 'sites'), bucket('survey', 'survey')], '2021-09-30')).toEqual({ indicators: [], scorecards: [] });
  });

  it('collects every indicator and scorecard a batch of buckets touches, each once', () => {
    const buckets = [
      bucket('morchana', 'registered_users'),
      bucket('lawportal', 'comments'),
      bucket('tdga', 'trainees_completed'),
      bucket('tdga', 'staff_upskilled', 'dga'),
    ];
    expect(affectedBy(catalog, buckets, '2021-09-30')).toEqual({ indicators: ['USES', 'STAFF', 'LITERACY'], scorecards: ['S', 'T'] });
  });

  it('on the FY2564 catalog, an MOR CHANA reading moves A1 and B1.1.2 and nothing else', () => {
    const fy2564 = parseCatalog(readFileSync(resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml'), 'utf8'));
    const affected = affectedBy(fy2564, [bucket('morchana', 'registered_users', 'ddc', '2021-06-30')], '2021-09-30');
    expect(affected.scorecards).toEqual(['A', 'B']);
    expect(affected.indicators).toContain('A1');
    expect(affected.indicators.every((id) => id === 'A1' || id.startsWith('B1.1.2'))).toBe(true);
  });
});

describe(queryReadsBucket.name, () => {
  const query = { platform: 'gdx', metric: 'api_calls', statistic: 'sum' as const, fromDay: '2020-10-01', toDay: '2021-09-30' };

  it('includes both edge days of the query', () => {
    expect(queryReadsBucket(query, bucket('gdx', 'api_calls', 'moph', '2020-10-01'))).toBe(true);
    expect(queryReadsBucket(query, bucket('gdx', 'api_calls', 'moph', '2021-09-30'))).toBe(true);
    expect(queryReadsBucket(query, bucket('gdx', 'api_calls', 'moph', '2020-09-30'))).toBe(false);
  });

  it('needs the same platform and metric', () => {
    expect(queryReadsBucket(query, bucket('gdx', 'api_call'))).toBe(false);
    expect(queryReadsBucket(query, bucket('gdx2', 'api_calls'))).toBe(false);
  });
});
