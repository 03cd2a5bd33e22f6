import type { KafkaOffset, KpiCatalog, KpiPeriod, ScoreSnapshotRecorded } from '@govmetrics/contracts';
import { indicatorQueries, indicatorsOf } from '../affected/affected-by';
import type { MetricQuery } from '../ports/aggregate-reader.port';
import type { CompositeReport, IndicatorReport, ScorecardReport } from '../report/scorecard-report';

type SnapshotScore = ScoreSnapshotRecorded['scores'][number];

/** A period's name in the ledger: FY2564, FY2021CE, FY2564-Q1, or 2020-10-01_2021-03-31. */
export function periodName(period: KpiPeriod): string {
  const era = period.kind === 'range' || period.era === 'BE' ? '' : 'CE';
  switch (period.kind) {
    case 'fiscal-year':
      return `FY${period.year}${era}`;
    case 'fiscal-quarter':
      return `FY${period.year}${era}-Q${period.quarter}`;
    case 'range':
      return `${period.from}_${period.to}`;
  }
}

/** Every node below a scorecard: composites and multi-target indicators by their rule, measures by method. */
function scoresOf(node: CompositeReport | IndicatorReport): SnapshotScore[] {
  if (node.kind === 'composite') {
    return node.children.flatMap((child) => [
      ...(child.kind === 'composite'
        ? [{ indicatorId: child.id, method: `aggregation:${child.aggregation}`, actual: null, target: null, score: child.score }]
        : []),
      ...scoresOf(child),
    ]);
  }
  const combined = node.combine ? [{ indicatorId: node.id, method: `combine:${node.combine}`, actual: null, target: null, score: node.score }] : [];
  return [
    ...combined,
    ...node.measures.map((measure) => ({
      indicatorId: measure.id,
      method: measure.method.kind,
      actual: measure.actual,
      target: measure.target,
      score: measure.score,
    })),
  ];
}

export interface SnapshotSources {
  /** The value each query was read as (the reader scoring used). */
  valueOf(query: MetricQuery): number | null | undefined;
  /** How far into the usage log the aggregates read had reached. */
  offsets: readonly KafkaOffset[];
  /** The catalog version scored, when the catalog came from the ledger. */
  catalog?: ScoreSnapshotRecorded['catalog'];
}

/**
 * One ScoreSnapshotRecorded per scorecard of a report: every score, the aggregate value behind each query, and the
 * Kafka offsets the aggregates had reached, so that an auditor can re-derive the snapshot.
 */
export function scoreSnapshots(catalog: KpiCatalog, report: ScorecardReport, sources: SnapshotSources): ScoreSnapshotRecorded[] {
  const placed = indicatorsOf(catalog);
  return report.scorecards.map((scorecard) => ({
    catalogId: catalog.id,
    scorecardId: scorecard.id,
    period: periodName(catalog.scorecards.find((spec) => spec.id === scorecard.id)?.period ?? catalog.period),
    asOf: `${report.asOf}T23:59:59+07:00`,
    overall: scorecard.score,
    scores: scoresOf(scorecard),
    aggregates: placed
      .filter(({ scorecardId }) => scorecardId === scorecard.id)
      .flatMap(({ indicator, period }) =>
        indicatorQueries(indicator, period, report.asOf).map((query) => {
          const value = sources.valueOf(query);
          if (value === undefined) throw new RangeError(`snapshot of ${scorecard.id}: query ${query.platform}/${query.metric} of ${indicator.id} was not read`);
          const { agencies, dimensions, ...rest } = query;
          return {
            indicatorId: indicator.id,
            ...rest,
            ...(agencies ? { agencies: [...agencies] } : {}),
            ...(dimensions ? { dimensions: { ...dimensions } } : {}),
            value,
          };
        }),
      ),
    offsets: [...sources.offsets],
    ...(sources.catalog ? { catalog: sources.catalog } : {}),
  }));
}

/** Whether a scorecard's overall score or any indicator's actual, target or score differs (as-of and offsets aside). */
type Scores = Pick<ScoreSnapshotRecorded, 'overall' | 'scores'>;

export function scoresChanged(previous: Scores | undefined, next: Scores): boolean {
  if (!previous || previous.overall !== next.overall || previous.scores.length !== next.scores.length) return true;
  return next.scores.some((score, i) => {
    const before = previous.scores[i];
    return (
      before?.indicatorId !== score.indicatorId ||
      before.method !== score.method ||
      before.actual !== score.actual ||
      before.score !== score.score ||
      JSON.stringify(before.target) !== JSON.stringify(score.target)
    );
  });
}
