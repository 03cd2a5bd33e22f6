/**
 * The rule that explains a mismatch between a published figure and what the parts or the data give:
 * - `published-total-differs-from-parts`: a printed total is not the sum of its printed parts;
 * - `published-actual-differs`: the data give another actual than the one printed;
 * - `published-score-differs`: the data give another score than the one printed;
 * - `different-aggregation-rule`: a printed composite is what another aggregation rule gives, not the declared one;
 * - `not-derivable`: no declared or alternative rule reproduces the printed composite from its parts.
 */
export type FindingRule =
  | 'published-total-differs-from-parts'
  | 'published-actual-differs'
  | 'published-score-differs'
  | 'different-aggregation-rule'
  | 'not-derivable';

export interface Candidate {
  rule: 'mean' | 'weighted' | 'mean-of-leaves';
  description: string;
  value: number;
}

export interface Finding {
  rule: FindingRule;
  /** Id of the indicator, measure or composite the figure belongs to. */
  node: string;
  name: string;
  figure: 'actual' | 'score';
  published: number;
  /** The number the published figure was checked against (the sum of parts, the data, the declared rule); `null` when none can be derived. */
  computed: number | null;
  /** computed − published. */
  difference: number | null;
  explanation: string;
  /** The aggregation rules tried on a composite, with what each gives. */
  candidates?: Candidate[];
}
