import type { KpiCatalog } from '@govmetrics/contracts';
import type { ScorecardReport, ScoringSources } from '@govmetrics/scoring';
import { scoreCatalog } from '@govmetrics/scoring';

/**
 * The catalog scored as of each day, remembered: a measure's history through any forecast day is a prefix of the same
 * days, since scoring as of a day reads only events and attestations up to that day.
 */
export class DailyScores {
  private readonly byDay = new Map<string, Promise<ScorecardReport>>();

  constructor(
    readonly catalog: KpiCatalog,
    private readonly sources: ScoringSources,
  ) {}

  on(day: string): Promise<ScorecardReport> {
    const known = this.byDay.get(day);
    if (known) return known;
    const report = scoreCatalog(this.catalog, this.sources, day);
    this.byDay.set(day, report);
    return report;
  }
}
