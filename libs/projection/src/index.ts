export * from './bangkok-day';
export * from './projected-event';
export * from './touched-buckets';
