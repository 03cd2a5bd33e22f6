import type { SeriesAnswer } from '@govmetrics/contracts';
import { createHash } from 'node:crypto';
import { exportSeries, formatOf } from './series-export';

const answer: SeriesAnswer = {
  platform: 'gdx',
  metric: 'api_calls',
  statistic: 'sum',
  window: 'day',
  zone: 'Asia/Bangkok',
  from: '2021-03-01',
  to: '2021-03-01',
  groupBy: 'dimension:channel',
  agency: null,
  top: null,
  series: [{ group: 'web, "mobile"', points: [{ start: '2021-03-01', label: '2021-03-01', value: 5, events: 2 }] }],
};

describe(exportSeries.name, () => {
  it('quotes a CSV field holding a comma or a quote, and ends with the sha256 of every line before the trailer', () => {
    const file = exportSeries(answer, 'csv');
    const lines = file.body.split('\n');
    expect(lines).toEqual([
      'platform,metric,statistic,window,zone,group,start,label,value,events',
      'gdx,api_calls,sum,day,Asia/Bangkok,"web, ""mobile""",2021-03-01,2021-03-01,5,2',
      `# sha256=${file.sha256} rows=1`,
      '',
    ]);
    expect(createHash('sha256').update(`${lines[0]}\n${lines[1]}\n`).digest('hex')).toBe(file.sha256);
    expect(file.filename).toBe('gdx-api_calls-sum-day-2021-03-01-2021-03-01.csv');
  });

  it('writes one JSON object per point, then the trailer object', () => {
    const [row, trailer] = exportSeries(answer, 'ndjson').body.trim().split('\n');
    expect(JSON.parse(row!)).toMatchObject({ group: 'web, "mobile"', value: 5, events: 2 });
    expect(JSON.parse(trailer!)).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 1 });
  });
});

describe(formatOf.name, () => {
  it('takes format= over Accept, and JSON when neither asks for a file', () => {
    expect(formatOf('ndjson', 'text/csv')).toBe('ndjson');
    expect(formatOf(undefined, 'text/csv;q=0.9')).toBe('csv');
    expect(formatOf(undefined, 'application/x-ndjson')).toBe('ndjson');
    expect(formatOf(undefined, 'application/json, */*')).toBe('json');
    expect(formatOf(undefined, undefined)).toBe('json');
  });
});
