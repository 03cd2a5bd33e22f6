import type { EventVerdict, VerdictSummary } from '@govmetrics/contracts';

/** One batch's verdicts counted: rejected events once each, under their first rule, so the summary stays one small record. */
export function summarizeVerdicts(platform: string, verdicts: readonly EventVerdict[], at: Date): VerdictSummary {
  const summary: VerdictSummary = { platform, at: at.toISOString(), accepted: 0, duplicates: 0, rejected: {} };
  for (const verdict of verdicts) {
    if (verdict.status === 'accepted') summary.accepted += 1;
    else if (verdict.status === 'duplicate') summary.duplicates += 1;
    else {
      // A rejected verdict names at least one rule (its schema's min(1)); the fallback only satisfies the index type.
      const rule = verdict.errors[0]?.rule ?? 'unassessable';
      summary.rejected[rule] = (summary.rejected[rule] ?? 0) + 1;
    }
  }
  return summary;
}
