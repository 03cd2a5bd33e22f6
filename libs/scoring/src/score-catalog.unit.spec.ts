import type { CompositeReport, IndicatorReport } from './report/scorecard-report';
import { scoreCatalog } from './score-catalog';
import { attestation, event, scoreYaml } from './testing/scoring-fixtures';

const child = (node: CompositeReport, id: string) => {
  const found = node.children.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const indicator = (node: CompositeReport, id: string) => child(node, id) as IndicatorReport;

describe(scoreCatalog.name, () => {
  it('combines a multi-target indicator with all-of (lowest score) or mean-of (mean)', async () => {
    const measures = `
        measures:
          - { id: MID.a, actual: { attested: { id: a } }, target: 10, method: { kind: ratio } }
          - { id: MID.b, actual: { attested: { id: b } }, target: 10, method: { kind: ratio } }`;
    const report = await scoreYaml(
      `  - id: S
    name: s
    aggregation: mean
    children:
      - id: ALL
        name: all
        combine: all-of${measures.replaceAll('MID', 'ALL')}
      - id: MEAN
        name: mean
        combine: mean-of${measures.replaceAll('MID', 'MEAN')}`,
      [],
      [attestation('a', 12), attestation('b', 6)],
    );
    const [scorecard] = report.scorecards as [CompositeReport];
    expect(indicator(scorecard, 'ALL').score).toBe(60);
    expect(indicator(scorecard, 'MEAN').score).toBe(80);
    expect(scorecard.score).toBe(70);
  });

  it('weights nested composites by their declared weights, exactly', async () => {
    const leaf = (id: string, weight: number) =>
      `{ id: ${id}, name: ${id}, weight: ${weight}, actual: { attested: { id: ${id} } }, target: 100, method: { kind: ratio } }`;
    const report = await scoreYaml(
      `  - id: S
    name: s
    aggregation: weighted
    children:
      - { id: C1, name: c1, weight: 40, aggregation: weighted, children: [${leaf('L1', 7.5)}, ${leaf('L2', 7.5)}] }
      - { id: C2, name: c2, weight: 60, aggregation: mean, children: [${leaf('L3', 1)}, ${leaf('L4', 100)}] }`,
      [],
      [attestation('L1', 100), attestation('L2', 50), attestation('L3', 100), attestation('L4', 0)],
    );
    const [scorecard] = report.scorecards as [CompositeReport];
    expect(child(scorecard, 'C1').score).toBe(75);
    // A plain mean ignores the children's weights.
    expect(child(scorecard, 'C2').score).toBe(50);
    expect(scorecard.score).toBe(60);
  });

  it('counts only events up to the as-of day and the latest gauge reading by then', async () => {
    const events = [
      event({ platform: 'gdx', metric: 'api_calls', value: 100 }, '2020-12-31T23:59:00+07:00'),
      event({ platform: 'gdx', metric: 'api_calls', value: 50 }, '2021-01-01T00:00:00+07:00'),
      event({ platform: 'morchana', metric: 'registered_users', value: 1_000 }, '2020-12-15T12:00:00+07:00'),
      event({ platform: 'morchana', metric: 'registered_users', value: 3_000 }, '2021-06-15T12:00:00+07:00'),
    ];
    const yaml =
      `  - id: S
    name: s
    aggregation: mean
    children:
      - { id: CALLS, name: calls, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 300, method: { kind: ratio } }
      - { id: USERS, name: users, actual: { query: { platform: morchana, metric: registered_users, statistic: latest } }, ` +
      `target: 3000, method: { kind: ratio } }`;
    const atQ1 = (await scoreYaml(yaml, events, [], '2020-12-31')).scorecards[0] as CompositeReport;
    expect(indicator(atQ1, 'CALLS').measures[0]).toMatchObject({ actual: 100, period: { fromDay: '2020-10-01', toDay: '2020-12-31' } });
    expect(indicator(atQ1, 'USERS').measures[0]?.actual).toBe(1_000);
    const atYearEnd = (await scoreYaml(yaml, events, [], '2021-09-30')).scorecards[0] as CompositeReport;
    expect(indicator(atYearEnd, 'CALLS').measures[0]?.actual).toBe(150);
    expect(indicator(atYearEnd, 'USERS').score).toBe(100);
  });

  it('flags an indicator with no data as missing and gives it nothing, before the period began as well', async () => {
    const yaml =
      `  - { id: S, name: s, aggregation: mean, children: [` +
      `{ id: L, name: l, actual: { query: { platform: gdx, metric: api_calls, statistic: sum } }, target: 5, method: { kind: ratio } }] }`;
    const before = (await scoreYaml(yaml, [event({ platform: 'gdx', metric: 'api_calls', value: 9 })], [], '2020-09-30')).scorecards[0] as CompositeReport;
    expect(indicator(before, 'L')).toMatchObject({ score: 0, missing: true, measures: [{ actual: null, period: null, missing: true }] });
    expect(before).toMatchObject({ score: 0, missing: true });
  });

  it('sees an attestation from its effective day on, and a later one revises it', async () => {
    const yaml =
      `  - { id: S, name: s, aggregation: mean, children: [` +
      `{ id: L, name: l, actual: { attested: { id: pmqa } }, target: 400, method: { kind: ratio } }] }`;
    const attested = [attestation('pmqa', 300, '2021-03-31'), attestation('pmqa', 437.74, '2021-09-30')];
    const measure = async (asOf: string) => indicator((await scoreYaml(yaml, [], attested, asOf)).scorecards[0] as CompositeReport, 'L').measures[0];
    expect(await measure('2021-03-30')).toMatchObject({ actual: null, missing: true });
    expect(await measure('2021-06-30')).toMatchObject({ actual: 300, score: 75, attestation: { effective: '2021-03-31' } });
    expect(await measure('2021-09-30')).toMatchObject({ actual: 437.74, score: 100 });
  });

  it('applies the target in force on the as-of day', async () => {
    const yaml = `  - id: S
    name: s
    aggregation: mean
    children:
      - id: L
        name: l
        actual: { query: { platform: tangrat, metric: transactions, statistic: sum } }
        method: { kind: ratio }
        target:
          - { period: { kind: fiscal-quarter, year: 2564, quarter: 1 }, value: 100 }
          - { period: { kind: fiscal-quarter, year: 2564, quarter: 2 }, value: 200 }`;
    const events = [event({ platform: 'tangrat', metric: 'transactions', value: 100 }, '2020-11-01T10:00:00+07:00')];
    const target = async (asOf: string) => indicator((await scoreYaml(yaml, events, [], asOf)).scorecards[0] as CompositeReport, 'L').measures[0];
    expect(await target('2020-12-31')).toMatchObject({ target: 100, score: 100 });
    expect(await target('2021-02-01')).toMatchObject({ target: 200, score: 50 });
    // After the last target's period it stays in force.
    expect(await target('2021-09-30')).toMatchObject({ target: 200 });
  });

  it('divides two metrics for a ratio actual and has no actual when the denominator is zero', async () => {
    const yaml =
      `  - id: S
    name: s
    aggregation: mean
    children:
      - id: L
        name: l
        actual: { ratio: { numerator: { platform: tdga, metric: staff_upskilled, statistic: distinct }, ` +
      `denominator: { platform: tdga, metric: staff_headcount, statistic: latest }, scale: 100 } }
        target: 70
        method: { kind: ratio }`;
    const upskilled = ['a', 'b', 'a'].map((entity) => event({ platform: 'tdga', metric: 'staff_upskilled', entity }));
    const withHeadcount = (value: number) => [...upskilled, event({ platform: 'tdga', metric: 'staff_headcount', value })];
    const measure = async (headcount: number) => indicator((await scoreYaml(yaml, withHeadcount(headcount))).scorecards[0] as CompositeReport, 'L').measures[0];
    expect(await measure(3)).toMatchObject({ actual: 66.6667, score: 95.24 });
    expect(await measure(0)).toMatchObject({ actual: null, missing: true });
  });

  it('refuses an as-of that is not a day', async () => {
    await expect(
      scoreYaml(
        `  - { id: S, name: s, aggregation: mean, children: [{ id: L, name: l, actual: { attested: { id: x } }, method: { kind: milestone } }] }`,
        [],
        [],
        '30/09/2021',
      ),
    ).rejects.toThrow('as-of must be a day');
  });
});
