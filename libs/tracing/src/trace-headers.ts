import type { Context, SpanContext, TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { tracingActive } from './tracing-state';

/** Kafka record headers as kafkajs gives and takes them, without depending on kafkajs. */
export type RecordHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const w3c = new W3CTraceContextPropagator();

/** A header's text as kafkajs or node:http gives it (a buffer, a string, or the first of several). */
export const headerText = (value: Buffer | string | (Buffer | string)[] | undefined): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

const getter: TextMapGetter<RecordHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => headerText(carrier[key]),
};

const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/** The W3C `traceparent` (+ `tracestate`) of a context's span as headers; `undefined` without a valid span. */
export function injectTraceHeaders(from: Context): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  w3c.inject(from, headers, setter);
  return headers.traceparent === undefined ? undefined : headers;
}

/** The span context a record's (or a request's) W3C headers carry, or `undefined` when they carry none or a malformed one. */
export function extractSpanContext(headers: RecordHeaders | undefined): SpanContext | undefined {
  if (!headers) return undefined;
  const spanContext = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, headers, getter));
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Headers for records produced now: the active span's trace. Nothing when tracing is off, so the off path adds no header. */
export function traceHeaders(): Record<string, string> | undefined {
  return tracingActive() ? injectTraceHeaders(context.active()) : undefined;
}

/** Runs `work` as a continuation of the trace `headers` carry (a consumed record): spans it starts become that trace's. */
export function withTraceFrom<T>(headers: RecordHeaders | undefined, work: () => T): T {
  if (!tracingActive()) return work();
  const parent = extractSpanContext(headers);
  return parent ? context.with(trace.setSpanContext(ROOT_CONTEXT, parent), work) : work();
}
