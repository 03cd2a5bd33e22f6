/** Nest injection tokens of the ports the projection use case depends on. */
export const USAGE_BATCH_SINK = Symbol('UsageBatchSink');
export const AGGREGATES_ANNOUNCER = Symbol('AggregatesAnnouncer');
