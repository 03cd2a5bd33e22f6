import type { CatalogChange, CompositeReport, IndicatorReport, LedgerScorecardsAnswer } from '@govmetrics/contracts';

/** One side of a comparison: a Bangkok day scored, as the ledger stood at an instant ('' for now). */
export interface ScorePoint {
  asOf: string;
  knownAt: string;
}

export interface ComparedNode {
  /** `kind:id`: an indicator and its own measure share an id. */
  key: string;
  id: string;
  name: string;
  depth: number;
  before: number | null;
  after: number | null;
}

type Node = CompositeReport | IndicatorReport;

function flatten(node: Node, depth: number, into: Map<string, Omit<ComparedNode, 'before' | 'after'> & { score: number }>): void {
  into.set(`${node.kind}:${node.id}`, { key: `${node.kind}:${node.id}`, id: node.id, name: node.name, depth, score: node.score });
  if (node.kind === 'composite') for (const child of node.children) flatten(child, depth + 1, into);
}

const nodesOf = (answer: LedgerScorecardsAnswer) => {
  const nodes = new Map<string, Omit<ComparedNode, 'before' | 'after'> & { score: number }>();
  for (const scorecard of answer.scorecards) flatten(scorecard, 0, nodes);
  return nodes;
};

/** Every composite and indicator of either answer with its score in each (null where that side has no such node), in tree order. */
export function compareScores(before: LedgerScorecardsAnswer, after: LedgerScorecardsAnswer): ComparedNode[] {
  const [first, second] = [nodesOf(before), nodesOf(after)];
  const keys = [...new Set([...first.keys(), ...second.keys()])];
  return keys.map((key) => {
    const { score: _score, ...node } = (first.get(key) ?? second.get(key))!;
    return { ...node, before: first.get(key)?.score ?? null, after: second.get(key)?.score ?? null };
  });
}

export type MovingChange = CatalogChange & { because: 'recorded-between' | 'effective-between' };

const instant = (knownAt: string, now: number) => (knownAt === '' ? now : Date.parse(knownAt));

/**
 * The ledger changes that can move a score between two points: those recorded between the two known-at instants and in
 * force by the later as-of day, and those both instants knew whose effective day lies between the two as-of days.
 * Usage events move scores too: `movedUsage` lists the usage behind them.
 */
export function changesBetween(changes: readonly CatalogChange[], a: ScorePoint, b: ScorePoint, now = Date.now()): MovingChange[] {
  const [early, late] = [instant(a.knownAt, now), instant(b.knownAt, now)].sort((x, y) => x - y) as [number, number];
  const [firstDay, lastDay] = [a.asOf, b.asOf].sort() as [string, string];
  return changes.flatMap((change): MovingChange[] => {
    const when = Date.parse(change.when);
    if (when > early && when <= late && change.effective <= lastDay) return [{ ...change, because: 'recorded-between' }];
    if (when <= early && change.effective > firstDay && change.effective <= lastDay) return [{ ...change, because: 'effective-between' }];
    return [];
  });
}
