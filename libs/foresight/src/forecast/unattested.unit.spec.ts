import { attestation, specCatalog } from '../testing/foresight-fixtures';
import { withoutUnattested } from './unattested';

const catalog = specCatalog(`
  - id: S
    name: s
    aggregation: weighted
    children:
      - { id: C, name: calls, weight: 3, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 10, method: { kind: ratio } }
      - id: G
        name: surveys
        weight: 1
        aggregation: mean
        children:
          - { id: Q1, name: q1, actual: { attested: { id: q1 } }, target: 10, method: { kind: ratio } }
          - { id: Q2, name: q2, actual: { attested: { id: q2 } }, target: 10, method: { kind: ratio } }
      - id: M
        name: mixed
        weight: 1
        combine: mean-of
        measures:
          - { id: M.calls, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 10, method: { kind: ratio } }
          - { id: M.survey, actual: { attested: { id: m } }, target: 10, method: { kind: ratio } }
`);

const attested = (id: string, effective: string) => attestation(id, 5, effective);

describe(withoutUnattested.name, () => {
  it('leaves out every attested measure with no value in effect, and the groups they leave empty', () => {
    const known = withoutUnattested(catalog, [attested('q1', '2021-09-30')], '2021-06-30');
    expect(known.unknown).toEqual(['Q1', 'Q2', 'G', 'M.survey']);
    const [scorecard] = known.catalog.scorecards;
    expect(scorecard?.children.map((child) => child.id)).toEqual(['C', 'M']);
    const mixed = scorecard?.children[1];
    expect(mixed && 'measures' in mixed ? mixed.measures.map((measure) => measure.id) : []).toEqual(['M.calls']);
  });

  it('keeps a measure once its value is in effect, and returns the catalog itself when every value is known', () => {
    const all = [attested('q1', '2021-01-01'), attested('q2', '2021-01-01'), attested('m', '2021-01-01')];
    expect(withoutUnattested(catalog, all, '2021-01-01')).toEqual({ catalog, unknown: [] });
    expect(withoutUnattested(catalog, all, '2020-12-31').unknown).toHaveLength(4);
  });
});
