import { attestation, event, scoreYaml } from '../testing/scoring-fixtures';
import { reconcile } from './reconcile';

const leaf = (id: string, extra = '') => `{ id: ${id}, name: ${id}, actual: { attested: { id: ${id} } }, target: 100, method: { kind: ratio }${extra} }`;

describe(reconcile.name, () => {
  it('reports a published total that is not the sum of its published parts, with both numbers', async () => {
    const events = [event({ platform: 'p', metric: 'a', value: 900 }), event({ platform: 'p', metric: 'b', value: 200 })];
    const { findings } = await scoreYaml(
      `  - id: S
    name: s
    aggregation: mean
    children:
      - id: L
        name: uses
        actual: { sum: [{ label: a, platform: p, metric: a, statistic: sum, published: 900 }, ` +
        `{ label: b, platform: p, metric: b, statistic: sum, published: 200 }] }
        target: 1000
        method: { kind: ratio }
        published: { actual: 1000 }`,
      events,
    );
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'published-total-differs-from-parts', node: 'L', figure: 'actual', published: 1000, computed: 1100, difference: 100 }),
    ]);
  });

  it('reports an actual the data do not give, at the precision it was printed with', async () => {
    const yaml = (printed: number) =>
      `  - id: S
    name: s
    aggregation: mean
    children: [{ id: L, name: l, actual: { query: { platform: p, metric: m, statistic: average } }, ` +
      `target: 1, method: { kind: ratio }, published: { actual: ${printed} } }]`;
    const events = [event({ platform: 'p', metric: 'm', value: 92 }), event({ platform: 'p', metric: 'm', value: 92.6 })];
    expect((await scoreYaml(yaml(92.3), events)).findings).toEqual([]);
    expect((await scoreYaml(yaml(92), events)).findings).toEqual([]);
    expect((await scoreYaml(yaml(91), events)).findings).toEqual([
      expect.objectContaining({ rule: 'published-actual-differs', node: 'L', published: 91, computed: 92.3, difference: 1.3 }),
    ]);
  });

  it('reports a leaf score the data do not give, and stays silent about leaves without data', async () => {
    const yaml =
      `  - { id: S, name: s, aggregation: mean, children: [${leaf('L1', ', published: { score: 100 }')}, ` + `${leaf('L2', ', published: { score: 100 }')}] }`;
    const { findings } = await scoreYaml(yaml, [], [attestation('L1', 60)]);
    expect(findings).toEqual([expect.objectContaining({ rule: 'published-score-differs', node: 'L1', published: 100, computed: 60, difference: -40 })]);
  });

  it('recognises a printed composite that another aggregation rule gives, and which number the parent agrees with', async () => {
    const { findings } = await scoreYaml(
      `  - id: S
    name: s
    aggregation: weighted
    published: { score: 93.75 }
    children:
      - { id: C1, name: c1, weight: 50, aggregation: weighted, children: [${leaf('L1', ', weight: 1')}] }
      - { id: C2, name: c2, weight: 50, aggregation: weighted, published: { score: 75 }, ` +
        `children: [${leaf('L2', ', weight: 3')}, ${leaf('L3', ', weight: 1, published: { score: 50 }')}] }`,
      [],
      [attestation('L1', 100), attestation('L2', 100), attestation('L3', 50)],
    );
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'different-aggregation-rule',
        node: 'C2',
        published: 75,
        computed: 87.5,
        candidates: [expect.objectContaining({ rule: 'weighted', value: 87.5 }), expect.objectContaining({ rule: 'mean', value: 75 })],
        explanation: expect.stringContaining(
          'is the plain mean of the 2 parts, not the declared weighted sum of the 2 parts (Σ weight × score / Σ weight), ' +
            "which gives 87.50; 87.50 is the value that yields S's published 93.75 (with 75.00 it would be 87.50)",
        ),
      }),
    ]);
  });

  it('says a printed composite cannot be derived when no rule reproduces it, listing what each gives', async () => {
    const { findings } = await scoreYaml(
      `  - id: S
    name: s
    aggregation: mean
    published: { score: 97.3 }
    children:
      - ${leaf('L1', ', published: { score: 100 }')}
      - { id: G, name: g, aggregation: mean, published: { score: 80 }, ` +
        `children: [${leaf('L2', ', published: { score: 80 }')}, ${leaf('L3', ', published: { score: 80 }')}] }`,
    );
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'not-derivable',
        node: 'S',
        published: 97.3,
        computed: null,
        candidates: [expect.objectContaining({ rule: 'mean', value: 90 }), expect.objectContaining({ rule: 'mean-of-leaves', value: 86.67 })],
        explanation: expect.stringContaining('cannot be derived from its printed parts'),
      }),
    ]);
  });

  it('finds nothing when every printed figure agrees with its parts and the data', async () => {
    const { findings } = await scoreYaml(
      `  - { id: S, name: s, aggregation: mean, published: { score: 75 }, children: [${leaf('L1', ', published: { score: 100, actual: 100 }')}, ` +
        `${leaf('L2', ', published: { score: 50 }')}] }`,
      [],
      [attestation('L1', 100), attestation('L2', 50)],
    );
    expect(findings).toEqual([]);
  });
});
