import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_VALUE_BOUNDS, parsePlatformCatalog, PlatformCatalogError, valueBoundsOf } from './platform-catalog.schema';

const CATALOG = resolve(__dirname, '../../../catalogs/platforms.yaml');

describe(parsePlatformCatalog.name, () => {
  it('reads catalogs/platforms.yaml: every platform of the brief, with the metrics the KPI catalog relies on', () => {
    const catalog = parsePlatformCatalog(readFileSync(CATALOG, 'utf8'));
    expect(Object.keys(catalog.platforms)).toEqual(
      expect.arrayContaining([
        'gdx',
        'mailgothai',
        'gin',
        'gchat',
        'esaraban',
        'ginconference',
        'dglink',
        'bizportal',
        'tangrat',
        'lawportal',
        'morchana',
        'thailandplus',
        'datagoth',
        'tdga',
      ]),
    );
    expect(catalog.platforms.gdx?.metrics.api_calls).toMatchObject({ kind: 'counter', unit: 'calls', dimensions: ['service'] });
    expect(catalog.platforms.tangrat?.metrics.active_users).toMatchObject({ kind: 'distinct', dimensions: [] });
    expect(catalog.platforms.thailandplus?.metrics.satisfaction).toMatchObject({ kind: 'rating', range: { min: 0, max: 100 } });
  });

  it('names the platform, the metric and the rule when a metric is malformed', () => {
    const yaml = 'version: 1\nplatforms:\n  gdx:\n    name: GDX\n    metrics:\n      score: { kind: rating, unit: points, description: no range }\n';
    expect(() => parsePlatformCatalog(yaml)).toThrow(PlatformCatalogError);
    expect(() => parsePlatformCatalog(yaml)).toThrow(/platforms\.gdx\.metrics\.score\.range/);
  });

  it('refuses a kind it does not know and text that is not YAML', () => {
    expect(() =>
      parsePlatformCatalog('version: 1\nplatforms:\n  gdx:\n    name: GDX\n    metrics:\n      x: { kind: histogram, unit: u, description: d }\n'),
    ).toThrow(/kind/);
    expect(() => parsePlatformCatalog('version: 1\nplatforms: [unclosed')).toThrow(/not valid YAML/);
  });
});

describe(valueBoundsOf.name, () => {
  const metric = (definition: string) => {
    const catalog = parsePlatformCatalog(`version: 1\nplatforms:\n  p:\n    name: P\n    metrics:\n      m: ${definition}\n`);
    const declared = catalog.platforms.p?.metrics.m;
    if (!declared) throw new Error('metric m missing');
    return declared;
  };

  it('gives each kind its default bounds, so every sum of counter values stays a whole number below 2^53', () => {
    expect(valueBoundsOf(metric('{ kind: counter, unit: u, description: d }'))).toEqual({ min: 0, max: 1e9, integer: true });
    expect(valueBoundsOf(metric('{ kind: distinct, unit: u, description: d }'))).toEqual(DEFAULT_VALUE_BOUNDS.distinct);
    expect(valueBoundsOf(metric('{ kind: gauge, unit: u, description: d }'))).toEqual({ min: -1e12, max: 1e12, integer: false });
    expect(valueBoundsOf(metric('{ kind: rating, unit: u, description: d, range: { min: 1, max: 5 } }'))).toEqual({ min: 1, max: 5, integer: false });
    expect(1e9 * 9e6).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it('lets a metric declare its own bounds and integrality, member by member', () => {
    expect(valueBoundsOf(metric('{ kind: gauge, unit: u, description: d, value: { min: 0, integer: true } }'))).toEqual({ min: 0, max: 1e12, integer: true });
    expect(valueBoundsOf(metric('{ kind: rating, unit: u, description: d, range: { min: 1, max: 5 }, value: { integer: true } }'))).toEqual({
      min: 1,
      max: 5,
      integer: true,
    });
  });

  it('refuses bounds that cannot hold: min above max, a counter below 0, a rating bounded outside its range', () => {
    expect(() => metric('{ kind: gauge, unit: u, description: d, value: { min: 5, max: 1 } }')).toThrow(/value\.min \(5\) must not be above value\.max \(1\)/);
    expect(() => metric('{ kind: counter, unit: u, description: d, value: { min: -1 } }')).toThrow(/metrics\.m\.value\.min: a counter's values add up/);
    expect(() => metric('{ kind: rating, unit: u, description: d, range: { min: 1, max: 5 }, value: { max: 9 } }')).toThrow(/value/);
  });
});
