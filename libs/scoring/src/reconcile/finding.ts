/** A finding is part of the published report: its one declaration is the contract's `FindingSchema`. */
export type { Candidate, Finding, FindingRule } from '@govmetrics/contracts';
