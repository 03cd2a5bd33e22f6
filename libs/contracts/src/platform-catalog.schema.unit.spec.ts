import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePlatformCatalog, PlatformCatalogError } from './platform-catalog.schema';

const CATALOG = resolve(__dirname, '../../../catalogs/platforms.yaml');

describe(parsePlatformCatalog.name, () => {
  it('reads catalogs/platforms.yaml: every platform of the brief, with the metrics the KPI catalog relies on', () => {
    const catalog = parsePlatformCatalog(readFileSync(CATALOG, 'utf8'));
    expect(Object.keys(catalog.platforms)).toEqual(
      expect.arrayContaining(['gdx', 'mailgothai', 'gin', 'gchat', 'esaraban', 'ginconference', 'dglink', 'bizportal', 'tangrat', 'lawportal', 'morchana', 'thailandplus', 'datagoth', 'tdga']),
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
    expect(() => parsePlatformCatalog('version: 1\nplatforms:\n  gdx:\n    name: GDX\n    metrics:\n      x: { kind: histogram, unit: u, description: d }\n')).toThrow(/kind/);
    expect(() => parsePlatformCatalog('version: 1\nplatforms: [unclosed')).toThrow(/not valid YAML/);
  });
});
