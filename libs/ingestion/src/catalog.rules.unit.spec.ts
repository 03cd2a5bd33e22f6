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
  ])('rejects %s with its own rule', (_case, event, path, rule) => {
    expect(checkAgainstCatalog(event, catalog)).toEqual([expect.objectContaining({ path, rule })]);
  });

  it('accepts a gauge going down, a rating at its bounds and a distinct count that names its entity', () => {
    expect(checkAgainstCatalog(gdxEvent({ platform: 'mailgothai', metric: 'accounts', value: -3 }), catalog)).toEqual([]);
    expect(checkAgainstCatalog(gdxEvent({ platform: 'thailandplus', metric: 'satisfaction', value: 100 }), catalog)).toEqual([]);
    expect(checkAgainstCatalog(gdxEvent({ platform: 'tangrat', metric: 'active_users', entity: PSEUDONYM, value: 1 }), catalog)).toEqual([]);
  });
});
