import { loadConfig } from '@govmetrics/config';
import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { tracesEndpoint, TracingConfigSchema } from './tracing.config';
import { setTracingActive, tracingActive } from './tracing-state';

export interface Tracing {
  readonly enabled: boolean;
  /** Sends the spans finished so far. */
  flush(): Promise<void>;
  /** Sends the spans still buffered, then turns tracing off in this process. */
  stop(): Promise<void>;
}

const OFF: Tracing = { enabled: false, flush: () => Promise.resolve(), stop: () => Promise.resolve() };
/** The process's tracing, as {@link startTracing} started it. */
let current: Tracing = OFF;

/**
 * Sends every span finished so far, when tracing is on. The last step of a service's shutdown calls it: the spans of
 * the drain (the batch in hand finished after the stop signal) end after the flush on the signal, and would otherwise
 * be lost with the process.
 */
export const flushTracing = (): Promise<void> => current.flush();
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On a stop signal, sends what is buffered while the service drains. Whoever else handles the signal (Nest's
 * shutdown hooks) still ends the process; when no one does, the signal is raised again once the spans are out.
 */
function flushOnSignals(processor: SpanProcessor): () => void {
  const flush = (signal: NodeJS.Signals) => {
    void processor
      .forceFlush()
      .catch(() => undefined)
      .finally(() => {
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  };
  for (const signal of SIGNALS) process.once(signal, flush);
  return () => SIGNALS.forEach((signal) => process.removeListener(signal, flush));
}

function startSdk(serviceName: string, processor: SpanProcessor, sampleRatio: number): NodeSDK {
  const sdk = new NodeSDK({
    serviceName,
    // No host or process detection: the resource says which service, never the machine's user or command line.
    autoDetectResources: false,
    spanProcessors: [processor],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }),
    // Trace context only: W3C baggage would let any caller put data into every downstream span.
    textMapPropagator: new W3CTraceContextPropagator(),
    // Traces only: without these the SDK would also start OTLP metric and log exporters by default.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return sdk;
}

/**
 * Starts OpenTelemetry tracing for `service` when the environment names an OTLP endpoint (`TracingConfigSchema`);
 * otherwise does nothing, and every helper of this library runs its work directly. Call it first in `main`,
 * before Nest boots. `exporter` replaces the OTLP exporter (specs use an in-memory one).
 */
export function startTracing(service: string, env: Record<string, string | undefined>, exporter?: SpanExporter): Tracing {
  const config = loadConfig(TracingConfigSchema, env);
  const endpoint = tracesEndpoint(config);
  const spanExporter = exporter ?? (endpoint === undefined ? undefined : new OTLPTraceExporter({ url: endpoint }));
  if (spanExporter === undefined || config.OTEL_SDK_DISABLED === 'true') return OFF;
  if (tracingActive()) throw new Error('tracing is already started in this process');
  const processor = new BatchSpanProcessor({ exporter: spanExporter, scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY });
  const sdk = startSdk(config.OTEL_SERVICE_NAME ?? `govmetrics-${service}`, processor, config.OTEL_TRACES_SAMPLER_ARG);
  setTracingActive(true);
  const unlisten = flushOnSignals(processor);
  current = {
    enabled: true,
    flush: () => processor.forceFlush(),
    stop: async () => {
      unlisten();
      current = OFF;
      setTracingActive(false);
      await sdk.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  return current;
}
