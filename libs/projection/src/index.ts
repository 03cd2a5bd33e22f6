export * from './projected-event';
export * from './touched-buckets';
