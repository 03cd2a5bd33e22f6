export * from './projected-event';
export * from './touched-buckets';
export * from './live/aggregate-watch';
