import type { CompletenessStatus } from '@govmetrics/contracts';
import { addDays } from '../days';
import type { CompletenessLedger, CompletenessScope } from './completeness-ledger';

/** At most this many missing days are listed; `missingDayCount` counts them all. */
export const MAX_LISTED_MISSING_DAYS = 100;

export type DeclaredCompleteness = Pick<CompletenessStatus, 'firstDeclaredDay' | 'completeThrough' | 'missingDays' | 'missingDayCount' | 'lastDeclaredAt'>;

/**
 * What operators see of one scope's declarations as of `yesterday` (the last Bangkok day that has ended): the unbroken run
 * from its first declared day, and every day after it up to yesterday not declared (gaps and lateness alike). A scope
 * for one agency counts the days declared for every agency too.
 */
export function declaredCompleteness(ledger: CompletenessLedger, scope: CompletenessScope, yesterday: string): DeclaredCompleteness {
  const input = { platform: scope.platform, metric: scope.metric, ...(scope.agency === undefined ? {} : { agencies: [scope.agency] }) };
  const declared = [...new Set([...ledger.declaredDays(scope), ...ledger.declaredDays({ platform: scope.platform, metric: scope.metric })])].sort();
  const first = declared[0];
  const lastDeclaredAt = ledger.lastDeclaredAt(scope) ?? null;
  if (first === undefined) return { firstDeclaredDay: null, completeThrough: null, missingDays: [], missingDayCount: 0, lastDeclaredAt };
  const last = declared.at(-1) ?? first;
  const completeThrough = ledger.completeThrough(input, first, last > yesterday ? last : yesterday);
  const missing: string[] = [];
  let missingDayCount = 0;
  for (let day = addDays(completeThrough ?? first, 1); day <= yesterday; day = addDays(day, 1)) {
    if (ledger.isComplete(input, day)) continue;
    missingDayCount += 1;
    if (missing.length < MAX_LISTED_MISSING_DAYS) missing.push(day);
  }
  return { firstDeclaredDay: first, completeThrough, missingDays: missing, missingDayCount, lastDeclaredAt };
}
