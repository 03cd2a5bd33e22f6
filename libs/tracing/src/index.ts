export * from './tracing.config';
export * from './start-tracing';
export * from './trace-headers';
export * from './spans';
export { tracingActive } from './tracing-state';
export type { Span } from '@opentelemetry/api';
export { SpanKind } from '@opentelemetry/api';
