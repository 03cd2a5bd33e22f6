import { InMemoryAggregateReader } from '@govmetrics/scoring';
import { addDays } from '../days';
import { attestation, dailyCalls, specCatalog } from '../testing/foresight-fixtures';
import { forecastCatalog } from './forecast-catalog';

const catalog = specCatalog(`
  - id: S
    name: s
    aggregation: mean
    children:
      - { id: C, name: calls, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 3650, method: { kind: ratio } }
      - { id: Q, name: survey, actual: { attested: { id: q } }, target: 10, method: { kind: ratio } }
`);

/** 10 calls a day for the first 100 days of FY2564 (2020-10-01 .. 2021-01-08). */
const events = dailyCalls(100);

describe(forecastCatalog.name, () => {
  const sources = { reader: new InMemoryAggregateReader(events), attestations: [attestation('q', 5, '2020-12-01'), attestation('q', 10, '2021-02-01')] };

  it('forecasts a composite from its leaves by the catalog’s own rules, with attested values as they stood on the forecast day', async () => {
    // When the catalog is forecast as of the 100th day
    const forecast = await forecastCatalog(catalog, sources, '2021-01-08', 'year-to-date');
    const [scorecard] = forecast.scorecards;
    const [calls, survey] = scorecard?.children ?? [];
    // Then the counter carries on at 10 a day to 3,650 and meets its target; the survey keeps December's 5 of 10
    expect(calls?.measures[0]).toMatchObject({ source: 'events', actual: 1000, forecast: { expected: 3650 }, status: 'on-track' });
    expect(survey?.measures[0]).toMatchObject({ source: 'attested', actual: 5, forecast: { low: 5, expected: 5, high: 5 }, status: 'off-track' });
    // And the scorecard is the plain mean of 100 and 50, as bad as its worst leaf
    expect(scorecard).toMatchObject({ score: { low: 75, expected: 75, high: 75 }, status: 'off-track' });
    expect(calls?.measures[0]?.reachability).toEqual({ state: 'reachable', lastDay: addDays('2021-09-30', 1 - 265) });
    // And 10 a day is exactly the pace the 2,650 left in 265 days need, over the last week and the last month
    expect(calls?.measures[0]?.pace).toEqual({ short: 1, long: 1, behind: false });
  });

  it('leaves an attested value not yet recorded out of the forecast as unknown, instead of scoring it 0', async () => {
    // When the catalog is forecast before the survey's first value (December) is in effect
    const forecast = await forecastCatalog(catalog, sources, '2020-11-15', 'year-to-date');
    const [scorecard] = forecast.scorecards;
    // Then the survey is listed as unknown and the scorecard is forecast from the calls alone, on track like them
    expect(forecast.unknown).toEqual(['Q']);
    expect(scorecard?.children.map((child) => child.id)).toEqual(['C']);
    expect(scorecard).toMatchObject({ score: { expected: 100 }, status: 'on-track' });
    // And once a value is attested, the survey is back in the forecast with it
    expect((await forecastCatalog(catalog, sources, '2020-12-01', 'year-to-date')).unknown).toEqual([]);
  });

  it('gives the same forecast when run again on the same inputs', async () => {
    const first = await forecastCatalog(catalog, sources, '2020-12-15', 'trend');
    expect(await forecastCatalog(catalog, sources, '2020-12-15', 'trend')).toEqual(first);
  });

  it('refuses a forecast day outside the catalog period', async () => {
    await expect(forecastCatalog(catalog, sources, '2021-10-01', 'trend')).rejects.toThrow('forecast day must be a day of the period, 2020-10-01..2021-09-30');
  });
});
