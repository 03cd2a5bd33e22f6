/** The label value for anything outside a known set, so that no input can mint new series. */
export const UNKNOWN_LABEL = 'unknown';

/** Maps a value to itself when it is one of `known`, else to `unknown`: a label's series stay as many as `known` + 1. */
export function boundedLabel(known: Iterable<string>): (value: string | undefined) => string {
  const allowed = new Set(known);
  return (value) => (value !== undefined && allowed.has(value) ? value : UNKNOWN_LABEL);
}

/** A rule code as the validator names them (`pii_in_clear`, `invalid_type`); anything else, e.g. text, is `other`. */
export const ruleLabel = (rule: string | undefined): string => (rule !== undefined && /^[a-z][a-z0-9_]{0,47}$/.test(rule) ? rule : 'other');
