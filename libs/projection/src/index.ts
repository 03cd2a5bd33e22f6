export * from './projected-event';
export * from './touched-buckets';
export * from './live/aggregate-watch';
export * from './ports/usage-batch-sink.port';
export * from './ports/aggregates-announcer.port';
