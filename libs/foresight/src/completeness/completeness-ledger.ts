import type { CompletenessDeclaration } from '@govmetrics/contracts';
import { addDays } from '../days';

/** A platform and metric, for every agency (`agency` absent) or one. */
export interface CompletenessScope {
  platform: string;
  metric: string;
  agency?: string;
}

/** What an input of a score reads: a platform's metric, for all its agencies (absent) or these. */
export interface CompletenessInput {
  platform: string;
  metric: string;
  agencies?: readonly string[];
}

const ALL_AGENCIES = '*';
const scopeKey = (platform: string, metric: string, agency: string | undefined) => JSON.stringify([platform, metric, agency ?? ALL_AGENCIES]);

const earlier = (a: string | undefined, b: string | undefined): string | undefined => (a === undefined ? b : b === undefined || a <= b ? a : b);

/**
 * Every day each platform declared complete, folded from the declarations in any order: a repeat changes nothing and
 * a day keeps the first time it was declared (what tells a late event from a timely one). Pure and in memory: the
 * declarations are few (a day per metric and platform), and their topic is its durable form.
 */
export class CompletenessLedger {
  private readonly days = new Map<string, Map<string, string>>();
  private readonly scopesByKey = new Map<string, CompletenessScope>();

  /** Folds one declaration declared at `declaredAt` (ISO 8601, UTC); whether it declared a day not declared before. */
  record(declaration: CompletenessDeclaration, declaredAt: string): boolean {
    const key = scopeKey(declaration.platform, declaration.metric, declaration.agency);
    let declared = this.days.get(key);
    if (!declared) {
      declared = new Map();
      this.days.set(key, declared);
      const { platform, metric, agency } = declaration;
      this.scopesByKey.set(key, agency === undefined ? { platform, metric } : { platform, metric, agency });
    }
    const before = declared.get(declaration.day);
    declared.set(declaration.day, earlier(before, declaredAt) ?? declaredAt);
    return before === undefined;
  }

  /** Every scope that has declared a day, in the order first seen. */
  scopes(): CompletenessScope[] {
    return [...this.scopesByKey.values()];
  }

  /** The days a scope itself declared (for one agency: not those declared for every agency), oldest first. */
  declaredDays(scope: CompletenessScope): string[] {
    return [...(this.days.get(scopeKey(scope.platform, scope.metric, scope.agency))?.keys() ?? [])].sort();
  }

  /** Every declared day of every scope with when it was first declared: what tells late events apart in the read model. */
  entries(): { scope: CompletenessScope; day: string; declaredAt: string }[] {
    return [...this.days].flatMap(([key, days]) => {
      const scope = this.scopesByKey.get(key) as CompletenessScope;
      return [...days].map(([day, declaredAt]) => ({ scope, day, declaredAt }));
    });
  }

  /** When the scope itself last declared a day; undefined when it never did. */
  lastDeclaredAt(scope: CompletenessScope): string | undefined {
    const times = [...(this.days.get(scopeKey(scope.platform, scope.metric, scope.agency))?.values() ?? [])];
    return times.length === 0 ? undefined : times.reduce((latest, time) => (time > latest ? time : latest));
  }

  /**
   * When `day` became complete for the scope: declared for every agency, or (for one agency) for that agency, whichever
   * came first; undefined while it is not.
   */
  declaredAt(scope: CompletenessScope, day: string): string | undefined {
    const everyAgency = this.days.get(scopeKey(scope.platform, scope.metric, undefined))?.get(day);
    if (scope.agency === undefined) return everyAgency;
    return earlier(everyAgency, this.days.get(scopeKey(scope.platform, scope.metric, scope.agency))?.get(day));
  }

  /** Whether every agency the input reads is complete on `day` (all agencies: only a declaration for every agency says so). */
  isComplete(input: CompletenessInput, day: string): boolean {
    const { platform, metric, agencies } = input;
    if (agencies === undefined || agencies.length === 0) return this.declaredAt({ platform, metric }, day) !== undefined;
    return agencies.every((agency) => this.declaredAt({ platform, metric, agency }, day) !== undefined);
  }

  /**
   * The last day of the unbroken run of complete days that starts at `fromDay`, at most `untilDay`; null when `fromDay`
   * itself is not complete. Completeness up to a day is the last day with no gap: a later day declared after a
   * missing one does not count until the gap is declared too.
   */
  completeThrough(input: CompletenessInput, fromDay: string, untilDay: string): string | null {
    let through: string | null = null;
    for (let day = fromDay; day <= untilDay && this.isComplete(input, day); day = addDays(day, 1)) through = day;
    return through;
  }
}
