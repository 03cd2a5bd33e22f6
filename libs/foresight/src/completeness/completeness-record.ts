import { CompletenessDeclarationSchema, type Rejection, toRejections } from '@govmetrics/contracts';
import type { CompletenessLedger } from './completeness-ledger';

/** A record of `usage.completeness.v1` folded, or why it was not (a platform writes the topic directly, unvalidated). */
export type CompletenessRecordOutcome = { folded: true; newDay: boolean } | { folded: false; rejections: Rejection[] };

/**
 * Folds one record's value into the ledger, declared at the record's broker timestamp (epoch milliseconds, LogAppendTime):
 * a value that is not a declaration is refused with the paths and rules it broke, and changes nothing.
 */
export function foldCompletenessRecord(ledger: CompletenessLedger, value: string | null, timestampMs: number): CompletenessRecordOutcome {
  let json: unknown;
  try {
    json = JSON.parse(value ?? 'null');
  } catch (error) {
    return { folded: false, rejections: [{ path: '$', rule: 'invalid_json', message: error instanceof Error ? error.message : String(error) }] };
  }
  const parsed = CompletenessDeclarationSchema.safeParse(json);
  if (!parsed.success) return { folded: false, rejections: toRejections(parsed.error) };
  return { folded: true, newDay: ledger.record(parsed.data, new Date(timestampMs).toISOString()) };
}
