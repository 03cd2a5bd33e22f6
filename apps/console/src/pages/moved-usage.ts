import type { CatalogChange, IndicatorReport, LedgerScorecardsAnswer } from '@govmetrics/contracts';
import type { ComparedNode } from './compare-scorecards';
import { sourceKey, sourcesOf } from './definition-sources';
import type { Source } from './source-buckets';

export interface DayRange {
  fromDay: string;
  toDay: string;
}

/** Usage one point read and the other did not: an indicator's source over days, and the as-of day that read them. */
export interface MovedUsage {
  indicatorId: string;
  source: Source;
  days: DayRange;
  asOf: string;
}

export const findIndicator = (answer: LedgerScorecardsAnswer, id: string): IndicatorReport | undefined => {
  const search = (nodes: LedgerScorecardsAnswer['scorecards'][number]['children']): IndicatorReport | undefined =>
    nodes.map((node) => (node.kind === 'indicator' ? (node.id === id ? node : undefined) : search(node.children))).find(Boolean);
  return search(answer.scorecards);
};

const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The days of `a` that are not in `b`, as at most two ranges (before b, after b). */
export function daysOutside(a: DayRange, b: DayRange | undefined): DayRange[] {
  if (!b || b.toDay < a.fromDay || b.fromDay > a.toDay) return [a];
  const before = a.fromDay < b.fromDay ? [{ fromDay: a.fromDay, toDay: shift(b.fromDay, -1) }] : [];
  const after = a.toDay > b.toDay ? [{ fromDay: shift(b.toDay, 1), toDay: a.toDay }] : [];
  return [...before, ...after];
}

/** Each measure's period by id; a measure scored from attested values only has none. */
const periodsOf = (indicator: IndicatorReport | undefined) =>
  new Map((indicator?.measures ?? []).flatMap((measure) => (measure.period ? [[measure.id, measure.period] as const] : [])));

/**
 * For every indicator whose score moved, the usage one point read and the other did not: each source its definition
 * reads (its newest `KpiDefined`), over the days in one point's period and not the other's, each once. Known-at concerns the
 * ledger only (aggregates are read as they stand), so two points of the same day read the same usage.
 */
export function movedUsage(
  nodes: readonly ComparedNode[],
  sides: { before: LedgerScorecardsAnswer; after: LedgerScorecardsAnswer },
  changes: readonly CatalogChange[],
): MovedUsage[] {
  return nodes
    .filter((node) => node.key.startsWith('indicator:') && node.before !== node.after)
    .flatMap(({ id }) => {
      const definition = changes.filter((change) => change.type === 'KpiDefined' && change.data.indicatorId === id).at(-1);
      const sources = definition?.type === 'KpiDefined' ? sourcesOf(definition.data.definition) : [];
      const [before, after] = [periodsOf(findIndicator(sides.before, id)), periodsOf(findIndicator(sides.after, id))];
      const ranges = [
        ...[...before].flatMap(([measure, days]) => daysOutside(days, after.get(measure)).map((range) => ({ range, asOf: sides.before.asOf }))),
        ...[...after].flatMap(([measure, days]) => daysOutside(days, before.get(measure)).map((range) => ({ range, asOf: sides.after.asOf }))),
      ];
      return ranges.flatMap(({ range, asOf }) => sources.map((source) => ({ indicatorId: id, source, days: range, asOf })));
    })
    .filter((entry, i, all) => all.findIndex((other) => usageKey(other) === usageKey(entry)) === i);
}

/** One line of the list: the same source over the same days is listed once, however many measures read it. */
export const usageKey = ({ indicatorId, source, days }: MovedUsage): string => `${indicatorId}/${sourceKey(source)}/${days.fromDay}/${days.toDay}`;
