/**
 * Stream names of the ledger; ":" cannot occur in an id, so two names cannot collide. One stream per indicator
 * keeps its history on one hash chain and lets unrelated indicators change concurrently.
 */
export const ledgerStreams = {
  /** A catalog's frame: its name, period and scorecard trees. */
  catalog: (catalogId: string): string => `catalog:${catalogId}`,
  indicator: (catalogId: string, indicatorId: string): string => `kpi:${catalogId}:${indicatorId}`,
  scorecard: (catalogId: string, scorecardId: string): string => `scores:${catalogId}:${scorecardId}`,
  /** A rule's definitions and retirement, written by stewards. */
  alertRule: (ruleId: string): string => `alert-rule:${ruleId}`,
  /** A rule's firings, resolutions and acknowledgements: written by the evaluator and by whoever acknowledges. */
  alerts: (ruleId: string): string => `alerts:${ruleId}`,
  /** Notifications a webhook subscription could not be sent, with why. */
  notifications: (subscriptionId: string): string => `notifications:${subscriptionId}`,
} as const;
