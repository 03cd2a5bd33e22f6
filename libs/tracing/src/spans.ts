import type { Attributes, Context, Link, Span, SpanContext } from '@opentelemetry/api';
import { context, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RecordHeaders } from './trace-headers';
import { extractSpanContext, headerText } from './trace-headers';
import { tracingActive } from './tracing-state';

const TRACER = 'govmetrics';

/** What `work` may annotate; with tracing off it is a span that records nothing. */
const NOT_RECORDING: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export interface InSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The span this one continues (a record's); by default the active one. */
  parent?: SpanContext;
  /** Headers (an incoming request's) whose W3C trace context this span continues, read only while tracing is on. */
  continues?: RecordHeaders;
  links?: Link[];
}

/** A failure's kind, never its message: messages may quote the data that failed (docs/operations.md, "Traces"). */
const errorType = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : typeof error;
};

function settle(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setAttribute('error.type', errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(error) });
  }
  span.end();
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

/**
 * Runs `work` inside a span named `name` that ends when `work` returns or its promise settles; a failure marks the
 * span with the error's code or class. With tracing off `work` runs directly.
 */
export function inSpan<T>(name: string, options: InSpanOptions, work: (span: Span) => T): T {
  if (!tracingActive()) return work(NOT_RECORDING);
  const remote = options.parent ?? extractSpanContext(options.continues);
  const parent: Context = remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : context.active();
  const spanOptions = { kind: options.kind, attributes: options.attributes, links: options.links };
  return trace.getTracer(TRACER).startActiveSpan(name, spanOptions, parent, (span) => {
    try {
      const result = work(span);
      if (!isPromise(result)) {
        settle(span);
        return result;
      }
      return result.then(
        (value) => {
          settle(span);
          return value;
        },
        (error: unknown) => {
          settle(span, error ?? 'rejected');
          throw error;
        },
      ) as T;
    } catch (error) {
      settle(span, error ?? 'thrown');
      throw error;
    }
  });
}

/** The trace id of a W3C traceparent (`<version>-<trace id>-<span id>-<flags>`), read without the propagator. */
const TRACE_ID = /^[\da-f]{2}-([\da-f]{32})-/;

/** OpenTelemetry's default limit of links on a span. */
export const MAX_BATCH_LINKS = 128;

export interface BatchParentage {
  /** The trace the batch span continues: its first record's. */
  parent?: SpanContext;
  /** Every other distinct trace among its records, up to {@link MAX_BATCH_LINKS}. */
  links: SpanContext[];
  /** Distinct traces beyond the limit, counted but not linked. */
  unlinked: number;
}

/**
 * Where a batch of records from many traces belongs: it continues the first record's trace and links every other
 * trace, so that one request's events (the common case) give one unbroken trace, and a mixed batch is still
 * reachable from each request's trace. Records of one request share one header value: each distinct value is parsed once.
 */
export function batchParentage(headers: readonly (RecordHeaders | undefined)[]): BatchParentage {
  const seenValues = new Set<string>();
  const traces = new Set<string>();
  const links: SpanContext[] = [];
  let parent: SpanContext | undefined;
  let unlinked = 0;
  let previous: RecordHeaders[string];
  for (const recordHeaders of headers) {
    const raw = recordHeaders?.traceparent;
    // One request's records sit side by side in a partition: comparing bytes with the last one skips decoding them.
    if (Buffer.isBuffer(raw) && Buffer.isBuffer(previous) && raw.equals(previous)) continue;
    previous = raw;
    const value = headerText(raw);
    if (value === undefined || seenValues.has(value)) continue;
    seenValues.add(value);
    const traceId = TRACE_ID.exec(value)?.[1];
    if (traceId === undefined || traces.has(traceId)) continue;
    // Past the limit a trace is only counted: the full parse costs more than the rest of this loop together.
    if (parent && links.length >= MAX_BATCH_LINKS) {
      traces.add(traceId);
      unlinked += 1;
      continue;
    }
    const spanContext = extractSpanContext(recordHeaders);
    if (!spanContext) continue;
    traces.add(traceId);
    if (parent) links.push(spanContext);
    else parent = spanContext;
  }
  return { ...(parent ? { parent } : {}), links, unlinked };
}

/** A consumed batch as kafkajs hands it over (only what a span needs). */
export interface ConsumedRecords {
  topic: string;
  partition: number;
  messages: readonly { headers?: RecordHeaders }[];
}

/**
 * Runs the handling of one consumed batch inside a consumer span `name` placed by {@link batchParentage}, so that
 * spans started by the handler and records it produces carry the batch's trace on.
 */
export function inConsumedBatch<T>(name: string, batch: ConsumedRecords, work: (span: Span) => Promise<T>): Promise<T> {
  if (!tracingActive()) return work(NOT_RECORDING);
  const { parent, links, unlinked } = batchParentage(batch.messages.map((message) => message.headers));
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': batch.topic,
    'messaging.destination.partition.id': String(batch.partition),
    'messaging.batch.message_count': batch.messages.length,
    'govmetrics.batch.linked_traces': links.length,
    'govmetrics.batch.unlinked_traces': unlinked,
  };
  return inSpan(name, { kind: SpanKind.CONSUMER, attributes, parent, links: links.map((linked) => ({ context: linked })) }, work);
}
