import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing } from './start-tracing';
import type { Tracing } from './start-tracing';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Trace id `n`, as 32 hex digits. */
export const traceIdOf = (n: number): string => hex(n, 32);

/** Span id `n`, as 16 hex digits. */
export const spanIdOf = (n: number): string => hex(n, 16);

/** The W3C `traceparent` of span `span` in trace `trace`, sampled. */
export const traceparentOf = (trace: number, span = 1): string => `00-${traceIdOf(trace)}-${spanIdOf(span)}-01`;

/**
 * Registers, in the calling `describe`, tracing for one spec at a time: `on()` starts it with its spans kept in memory,
 * `off()` starts it as a service without a collector does, `finishedSpans()` flushes and reads what was kept
 * (`exported()` reads without flushing); it is
 * stopped after each spec. A stopped exporter refuses spans, so each spec gets an exporter of its own.
 */
export function specTracing(): { on(): Tracing; off(): Tracing; finishedSpans(): Promise<ReadableSpan[]>; exported(): ReadableSpan[] } {
  let exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  beforeEach(() => {
    exporter = new InMemorySpanExporter();
  });
  afterEach(async () => {
    await tracing?.stop();
    tracing = undefined;
  });
  return {
    on: () => (tracing = startTracing('spec', {}, exporter)),
    off: () => (tracing = startTracing('spec', { OTEL_EXPORTER_OTLP_ENDPOINT: '' })),
    finishedSpans: async () => {
      await tracing?.flush();
      return exporter.getFinishedSpans();
    },
    /** What was exported so far, without flushing. */
    exported: () => exporter.getFinishedSpans(),
  };
}
