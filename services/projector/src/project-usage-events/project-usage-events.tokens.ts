export const USAGE_BATCH_SINK = Symbol('UsageBatchSink');
export const AGGREGATES_CHANGED = Symbol('AggregatesChangedPublisher');
