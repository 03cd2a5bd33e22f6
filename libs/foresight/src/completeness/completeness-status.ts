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

/** What the read model holds of one platform, metric and agency: its newest event and its late events. */
export interface ObservedUsage {
  platform: string;
  metric: string;
  agency: string;
  lastEventTime: string | null;
  lateEvents: number;
}

const sameMetric = (a: CompletenessScope, b: CompletenessScope) => a.platform === b.platform && a.metric === b.metric;

const byScope = (a: CompletenessStatus, b: CompletenessStatus) =>
  a.platform.localeCompare(b.platform) || a.metric.localeCompare(b.metric) || (a.agency ?? '').localeCompare(b.agency ?? '');

/**
 * The operators' board: a status for every platform and metric that declared or sent anything (for every agency), and for
 * every agency that declared on its own; the newest event and the late events summed over the agencies the row covers.
 */
export function completenessBoard(ledger: CompletenessLedger, observed: readonly ObservedUsage[], yesterday: string): CompletenessStatus[] {
  const scopes = new Map<string, CompletenessScope>();
  const add = (scope: CompletenessScope) => scopes.set(JSON.stringify([scope.platform, scope.metric, scope.agency ?? null]), scope);
  ledger.scopes().forEach(add);
  observed.forEach(({ platform, metric }) => add({ platform, metric }));
  return [...scopes.values()]
    .map((scope) => {
      const covered = observed.filter((usage) => sameMetric(usage, scope) && (scope.agency === undefined || usage.agency === scope.agency));
      const times = covered.flatMap((usage) => (usage.lastEventTime === null ? [] : [usage.lastEventTime]));
      return {
        platform: scope.platform,
        metric: scope.metric,
        agency: scope.agency ?? null,
        ...declaredCompleteness(ledger, scope, yesterday),
        lastEventTime: times.length === 0 ? null : times.reduce((latest, time) => (time > latest ? time : latest)),
        lateEvents: covered.reduce((sum, usage) => sum + usage.lateEvents, 0),
      };
    })
    .sort(byScope);
}
