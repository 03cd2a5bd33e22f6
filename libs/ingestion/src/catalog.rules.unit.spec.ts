import { CATALOG_RULES, checkAgainstCatalog } from './catalog.rules';
import { catalog, gdxEvent, PSEUDONYM } from './testing/intake.fixtures';

describe(checkAgainstCatalog.name, () => {
  it('accepts a declared metric with a declared dimension', () => {
    expect(checkAgainstCatalog(gdxEvent({ dimensions: { service: 'dopa-linkage' } }), catalog)).toEqual([]);
  });

  it.each([
    ['a platform not in the catalog', gdxEvent({ platform: 'myspace' }), '$.data.platform', CATALOG_RULES.unknownPlatform],
    ['a metric the platform does not declare', gdxEvent({ metric: 'likes' }), '$.data.metric', CATALOG_RULES.undeclaredMetric],
    ['a dimension the metric does not declare', gdxEvent({ dimensions: { colour: 'red' } }), '$.data.dimensions.colour', CATALOG_RULES.undeclaredDimension],
    ['a negative counter', gdxEvent({ value: -1 }), '$.data.value', CATALOG_RULES.negativeCounter],
    ['a distinct count without its entity', gdxEvent({ platform: 'tangrat', metric: 'active_users' }), '$.data.entity', CATALOG_RULES.entityRequired],
    ['a rating above its range', gdxEvent({ platform: 'thailandplus', metric: 'satisfaction', value: 101 }), '$.data.value', CATALOG_RULES.ratingOutOfRange],
    ['a rating below its range', gdxEvent({ platform: 'thailandplus', metric: 'satisfaction', value: -0.5 }), '$.data.value', CATALOG_RULES.ratingOutOfRange],
    ['a counter of 1e308, whose sum would overflow', gdxEvent({ value: 1e308 }), '$.data.value', CATALOG_RULES.valueOutOfRange],
    ['a counter above 1e9 per event', gdxEvent({ value: 1e9 + 1 }), '$.data.value', CATALOG_RULES.valueOutOfRange],
    ['a counter that is not whole', gdxEvent({ value: 1.5 }), '$.data.value', CATALOG_RULES.valueNotInteger],
    [
      'a gauge of accounts below its declared 0',
      gdxEvent({ platform: 'mailgothai', metric: 'accounts', value: -3 }),
      '$.data.value',
      CATALOG_RULES.valueOutOfRange,
    ],
    ['a gauge of accounts beyond 1e12', gdxEvent({ platform: 'mailgothai', metric: 'accounts', value: 2e12 }), '$.data.value', CATALOG_RULES.valueOutOfRange],
    ['half an account', gdxEvent({ platform: 'mailgothai', metric: 'accounts', value: 12.5 }), '$.data.value', CATALOG_RULES.valueNotInteger],
    [
      'a distinct count of 1e308',
      gdxEvent({ platform: 'tangrat', metric: 'active_users', entity: PSEUDONYM, value: 1e308 }),
      '$.data.value',
      CATALOG_RULES.valueOutOfRange,
    ],
  ])('rejects %s with its own rule', (_case, event, path, rule) => {
    expect(checkAgainstCatalog(event, catalog)).toEqual([expect.objectContaining({ path, rule })]);
  });

  it.each([
    ['platform', gdxEvent({ platform: 'constructor' }), '$.data.platform', CATALOG_RULES.unknownPlatform],
    ['platform', gdxEvent({ platform: '__proto__' }), '$.data.platform', CATALOG_RULES.unknownPlatform],
    ['platform', gdxEvent({ platform: 'toString' }), '$.data.platform', CATALOG_RULES.unknownPlatform],
    ['metric', gdxEvent({ metric: 'constructor' }), '$.data.metric', CATALOG_RULES.undeclaredMetric],
    ['metric', gdxEvent({ metric: '__proto__', dimensions: { service: 's' } }), '$.data.metric', CATALOG_RULES.undeclaredMetric],
    ['metric', gdxEvent({ metric: 'hasOwnProperty', dimensions: { service: 's' } }), '$.data.metric', CATALOG_RULES.undeclaredMetric],
    ['dimension', gdxEvent({ dimensions: { constructor: 'x' } }), '$.data.dimensions.constructor', CATALOG_RULES.undeclaredDimension],
  ])("looks a %s up by the catalog's own keys only: %j gets its rejection, never a throw", (_what, event, path, rule) => {
    expect(checkAgainstCatalog(event, catalog)).toEqual([expect.objectContaining({ path, rule })]);
  });

  it('accepts a counter at its bounds, 0 and 1e9', () => {
    expect(checkAgainstCatalog(gdxEvent({ value: 0 }), catalog)).toEqual([]);
    expect(checkAgainstCatalog(gdxEvent({ value: 1e9 }), catalog)).toEqual([]);
  });

  it('accepts a gauge at 0, a rating at its bounds and a distinct count that names its entity', () => {
    expect(checkAgainstCatalog(gdxEvent({ platform: 'mailgothai', metric: 'accounts', value: 0 }), catalog)).toEqual([]);
    expect(checkAgainstCatalog(gdxEvent({ platform: 'thailandplus', metric: 'satisfaction', value: 100 }), catalog)).toEqual([]);
    expect(checkAgainstCatalog(gdxEvent({ platform: 'tangrat', metric: 'active_users', entity: PSEUDONYM, value: 1 }), catalog)).toEqual([]);
  });
});
