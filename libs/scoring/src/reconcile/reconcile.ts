import { Exact } from '../exact/exact';
import type { AggregationRule } from '../evaluate/aggregation';
import { aggregate } from '../evaluate/aggregation';
import type { EvaluatedComposite, EvaluatedIndicator, EvaluatedMeasure, EvaluatedNode } from '../evaluate/evaluated';
import type { Candidate, Finding } from './finding';

const SCORE_DECIMALS = 2;
const figure = (value: Exact, decimals = 4) => value.toNumber(decimals);
const text = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 4 });
const sameScore = (a: Exact, b: Exact) => a.toFixed(SCORE_DECIMALS) === b.toFixed(SCORE_DECIMALS);

/**
 * Checks every published figure of the evaluated scorecards against the report's own parts and against the data,
 * and explains each mismatch by the first rule that accounts for it.
 */
export function reconcile(scorecards: readonly EvaluatedComposite[]): Finding[] {
  return scorecards.flatMap((scorecard) => visit(scorecard, undefined));
}

function visit(node: EvaluatedNode, parent: EvaluatedComposite | undefined): Finding[] {
  if (node.kind === 'indicator') return [...node.measures.flatMap((measure) => checkActual(measure)), ...checkIndicatorScore(node)];
  return [...checkComposite(node, parent), ...node.children.flatMap((child) => visit(child, node))];
}

function checkActual(measure: EvaluatedMeasure): Finding[] {
  const findings: Finding[] = [];
  const { id, name = id } = measure.spec;
  for (const part of measure.parts ?? []) {
    if (part.published !== undefined && part.value !== null && !part.value.roundedLike(part.published).equals(Exact.fromNumber(part.published))) {
      findings.push(actualDiffers(`${id}/${part.label}`, part.label, part.published, part.value));
    }
  }
  const printed = measure.spec.published?.actual;
  if (printed === undefined) return findings;
  const published = Exact.fromNumber(printed);
  const printedParts = measure.parts?.map((part) => part.published);
  let partsTotal: Exact | undefined;
  if (printedParts && printedParts.every((part): part is number => part !== undefined)) {
    partsTotal = Exact.sum(printedParts.map((part) => Exact.fromNumber(part)));
    if (!partsTotal.equals(published)) {
      const agrees = measure.actual?.equals(partsTotal) ? `; the data give ${text(figure(partsTotal))} too` : '';
      findings.push({
        rule: 'published-total-differs-from-parts',
        node: id,
        name,
        figure: 'actual',
        published: printed,
        computed: figure(partsTotal),
        difference: figure(partsTotal.minus(published)),
        explanation:
          `published total ${text(printed)} ≠ sum of its ${printedParts.length} published parts ` +
          `(${printedParts.map(text).join(' + ')} = ${text(figure(partsTotal))}), a difference of ${text(figure(partsTotal.minus(published)))}${agrees}`,
      });
    }
  }
  const actual = measure.actual;
  const explainedByParts = partsTotal !== undefined && !partsTotal.equals(published) && actual?.equals(partsTotal) === true;
  if (actual !== null && !explainedByParts && !actual.roundedLike(printed).equals(published)) findings.push(actualDiffers(id, name, printed, actual));
  return findings;
}

function actualDiffers(node: string, name: string, printed: number, actual: Exact): Finding {
  return {
    rule: 'published-actual-differs',
    node,
    name,
    figure: 'actual',
    published: printed,
    computed: figure(actual),
    difference: figure(actual.minus(Exact.fromNumber(printed))),
    explanation: `published actual ${text(printed)} ≠ ${text(figure(actual))} from the data`,
  };
}

function checkIndicatorScore(indicator: EvaluatedIndicator): Finding[] {
  const printed = indicator.spec.published?.score;
  if (printed === undefined || indicator.missing || sameScore(indicator.score, Exact.fromNumber(printed))) return [];
  return [scoreDiffers(indicator, printed, indicator.score, 'from the data')];
}

function scoreDiffers(node: EvaluatedNode, printed: number, computed: Exact, how: string): Finding {
  return {
    rule: 'published-score-differs',
    node: node.spec.id,
    name: node.spec.name,
    figure: 'score',
    published: printed,
    computed: figure(computed, SCORE_DECIMALS),
    difference: figure(computed.minus(Exact.fromNumber(printed)), SCORE_DECIMALS),
    explanation: `published score ${printed.toFixed(SCORE_DECIMALS)} ≠ ${computed.toFixed(SCORE_DECIMALS)} ${how}`,
  };
}

/** What the report says a node scored: its printed figure, else what the data give, else what its printed parts give. */
function reported(node: EvaluatedNode): Exact | undefined {
  const printed = node.spec.published?.score;
  if (printed !== undefined) return Exact.fromNumber(printed);
  if (!node.missing) return node.score;
  if (node.kind === 'indicator') return undefined;
  const children = node.children.map((child) => ({ score: reported(child), weight: child.spec.weight }));
  if (children.some((child) => child.score === undefined)) return undefined;
  return aggregate(node.spec.aggregation, children as { score: Exact; weight?: number }[]);
}

const leaves = (node: EvaluatedNode): EvaluatedIndicator[] => (node.kind === 'indicator' ? [node] : node.children.flatMap(leaves));

function candidates(composite: EvaluatedComposite): Candidate[] {
  const children = composite.children.map((child) => ({ score: reported(child), weight: child.spec.weight }));
  if (children.some((child) => child.score === undefined)) return [];
  const known = children as { score: Exact; weight?: number }[];
  const rules: { rule: AggregationRule; description: string; value: () => Exact }[] = [
    {
      rule: composite.spec.aggregation,
      description: `${describe(composite.spec.aggregation, known.length)} (declared)`,
      value: () => aggregate(composite.spec.aggregation, known),
    },
  ];
  if (composite.spec.aggregation === 'weighted')
    rules.push({ rule: 'mean', description: describe('mean', known.length), value: () => aggregate('mean', known) });
  if (composite.spec.aggregation === 'mean' && known.every((child) => child.weight !== undefined)) {
    rules.push({ rule: 'weighted', description: describe('weighted', known.length), value: () => aggregate('weighted', known) });
  }
  const leafScores = leaves(composite).map(reported);
  if (composite.children.some((child) => child.kind === 'composite') && leafScores.every((score): score is Exact => score !== undefined)) {
    rules.push({ rule: 'mean-of-leaves', description: describe('mean-of-leaves', leafScores.length), value: () => Exact.mean(leafScores) });
  }
  return rules.map(({ rule, description, value }) => ({ rule, description, value: figure(value(), SCORE_DECIMALS) }));
}

function describe(rule: AggregationRule, count: number): string {
  switch (rule) {
    case 'mean':
      return `plain mean of the ${count} parts`;
    case 'weighted':
      return `weighted sum of the ${count} parts (Σ weight × score / Σ weight)`;
    case 'mean-of-leaves':
      return `plain mean of the ${count} indicators beneath`;
  }
}

function checkComposite(composite: EvaluatedComposite, parent: EvaluatedComposite | undefined): Finding[] {
  const printed = composite.spec.published?.score;
  if (printed === undefined) return [];
  const published = Exact.fromNumber(printed);
  if (!composite.missing && sameScore(composite.score, published)) return [];
  const tried = candidates(composite);
  const [declared, ...alternatives] = tried;
  const base = { node: composite.spec.id, name: composite.spec.name, figure: 'score' as const, published: printed, candidates: tried };
  if (declared && sameScore(Exact.fromNumber(declared.value), published)) {
    // The report agrees with itself; only the data can disagree, and only when there are data for every part.
    return composite.missing
      ? []
      : [scoreDiffers(composite, printed, composite.score, `from the data (the printed parts give ${printed.toFixed(SCORE_DECIMALS)})`)];
  }
  const computed = composite.missing ? (declared ? Exact.fromNumber(declared.value) : undefined) : composite.score;
  const matched = alternatives.find((candidate) => sameScore(Exact.fromNumber(candidate.value), published));
  if (matched && computed) {
    return [
      {
        ...base,
        rule: 'different-aggregation-rule',
        computed: figure(computed, SCORE_DECIMALS),
        difference: figure(computed.minus(published), SCORE_DECIMALS),
        explanation:
          `published ${printed.toFixed(SCORE_DECIMALS)} is the ${matched.description}, not the declared ` +
          `${describe(composite.spec.aggregation, composite.children.length)}, which gives ${computed.toFixed(SCORE_DECIMALS)}` +
          parentEvidence(composite, computed, published, parent),
      },
    ];
  }
  const weightless = composite.children.some((child) => child.spec.weight === undefined) ? '; the parts carry no published weights' : '';
  return [
    {
      ...base,
      rule: 'not-derivable',
      computed: null,
      difference: null,
      explanation:
        `published ${printed.toFixed(SCORE_DECIMALS)} cannot be derived from its printed parts: ` +
        (tried.length === 0
          ? 'the parts are not all printed'
          : tried.map((candidate) => `${candidate.description} = ${candidate.value.toFixed(SCORE_DECIMALS)}`).join(', ')) +
        weightless,
    },
  ];
}

/** Which of the two numbers the parent's printed figure is consistent with. */
function parentEvidence(composite: EvaluatedComposite, computed: Exact, published: Exact, parent: EvaluatedComposite | undefined): string {
  const parentPrinted = parent?.spec.published?.score;
  if (!parent || parentPrinted === undefined) return '';
  const withValue = (value: Exact) => {
    const children = parent.children.map((child) => ({ score: child === composite ? value : reported(child), weight: child.spec.weight }));
    return children.every((child) => child.score !== undefined)
      ? aggregate(parent.spec.aggregation, children as { score: Exact; weight?: number }[])
      : undefined;
  };
  const viaComputed = withValue(computed);
  const viaPublished = withValue(published);
  if (!viaComputed || !viaPublished || !sameScore(viaComputed, Exact.fromNumber(parentPrinted))) return '';
  return (
    `; ${computed.toFixed(SCORE_DECIMALS)} is the value that yields ${parent.spec.id}'s published ${parentPrinted.toFixed(SCORE_DECIMALS)}` +
    ` (with ${published.toFixed(SCORE_DECIMALS)} it would be ${viaPublished.toFixed(SCORE_DECIMALS)})`
  );
}
