import type { UsageEvent } from '@govmetrics/contracts';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { parseCatalog } from '@govmetrics/scoring';

/** For specs: catalog `spec`, scorecard `S` with one indicator `CALLS`, GDX API calls against a target of 100. */
export const callsCatalog = parseCatalog(`
version: 1
id: spec
name: spec
period: { kind: fiscal-year, year: 2564 }
scorecards:
  - id: S
    name: s
    aggregation: mean
    children:
      - { id: CALLS, name: calls, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 100, method: { kind: ratio } }
`);

let sequence = 0;

/** For specs: `value` GDX API calls by moph on 2021-03-01 (Bangkok). */
export const apiCalls = (value: number): UsageEvent => ({
  specversion: '1.0',
  id: `e${(sequence += 1)}`,
  source: 'urn:test',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value },
});
