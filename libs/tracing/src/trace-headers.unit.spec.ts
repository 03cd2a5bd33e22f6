import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { inSpan } from './spans';
import { specTracing } from './spec-tracing.testing';
import { extractSpanContext, injectTraceHeaders, traceHeaders, withTraceFrom } from './trace-headers';

// W3C's example span context.
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('W3C trace context in Kafka record headers', () => {
  it('reads a record whose headers kafkajs hands over as buffers', () => {
    // Given a consumed record's headers, as kafkajs delivers them
    const headers = { traceparent: Buffer.from(TRACEPARENT), tracestate: Buffer.from('vendor=abc') };

    // When its span context is extracted
    const extracted = extractSpanContext(headers);

    // Then it is the producer's span, sampled, remote, with its trace state
    expect(extracted).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true });
    expect(extracted?.traceState?.get('vendor')).toBe('abc');
  });

  it('writes traceparent and tracestate that read back as the same span context', () => {
    // Given a context whose span carries a trace state
    const spanContext = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, traceState: new TraceState('vendor=abc') };
    const from = trace.setSpanContext(ROOT_CONTEXT, spanContext);

    // When it is injected into headers and extracted again
    const headers = injectTraceHeaders(from);

    // Then the headers are W3C's and round-trip
    expect(headers).toEqual({ traceparent: TRACEPARENT, tracestate: 'vendor=abc' });
    expect(extractSpanContext(headers)).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  });

  it.each([
    ['no headers', undefined],
    ['no traceparent', { key: Buffer.from('x') }],
    ['a malformed traceparent', { traceparent: Buffer.from('00-not-a-trace-01') }],
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${SPAN_ID}-01` }],
  ])('finds no span context in a record with %s', (_case, headers) => {
    expect(extractSpanContext(headers)).toBeUndefined();
  });

  it('injects nothing without a span in the context', () => {
    expect(injectTraceHeaders(ROOT_CONTEXT)).toBeUndefined();
  });
});

describe('trace headers of produced records', () => {
  const tracing = specTracing();

  it('adds no header while tracing is off, even inside a remote span context', () => {
    // Given tracing off (no endpoint) and a context that holds a span
    const off = tracing.off();
    const inside = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });

    // Then records produced there carry no trace header
    expect(off.enabled).toBe(false);
    expect(context.with(inside, () => traceHeaders())).toBeUndefined();
  });

  it("carries the active span, and a consumer's span continues the record's trace", async () => {
    // Given tracing on
    tracing.on();

    // When a record is produced inside a span, and its consumer starts a span from the record's headers
    const produced = inSpan('produce', {}, () => traceHeaders());
    withTraceFrom(produced, () => inSpan('consume', {}, () => undefined));

    // Then the consumer's span is a child of the producer's span, in the same trace
    const [producer, consumer] = await tracing.finishedSpans();
    expect(produced?.traceparent).toBe(`00-${producer?.spanContext().traceId}-${producer?.spanContext().spanId}-01`);
    expect(consumer?.spanContext().traceId).toBe(producer?.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer?.spanContext().spanId);
  });
});
