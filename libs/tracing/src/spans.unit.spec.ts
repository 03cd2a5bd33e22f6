import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { batchParentage, inConsumedBatch, inSpan, MAX_BATCH_LINKS } from './spans';
import { specTracing, spanIdOf, traceIdOf, traceparentOf } from './spec-tracing.testing';
import { traceHeaders } from './trace-headers';

/** The headers of a record produced in trace `n` by span `span`. */
const recordOf = (n: number, span = 1) => ({ traceparent: Buffer.from(traceparentOf(n, span)) });

describe(batchParentage.name, () => {
  it("continues the first traced record's trace and links each other trace once", () => {
    // Given a batch of two requests' events (three and two records), an untraced record and a malformed one
    const batch = [undefined, recordOf(7), recordOf(7), { traceparent: Buffer.from('garbage') }, recordOf(9, 2), recordOf(7), recordOf(9, 3)];

    // When its place in the traces is decided
    const { parent, links, unlinked } = batchParentage(batch);

    // Then the batch continues trace 7 and links trace 9 by its first record's span
    expect(parent).toMatchObject({ traceId: traceIdOf(7), spanId: spanIdOf(1) });
    expect(links).toEqual([expect.objectContaining({ traceId: traceIdOf(9), spanId: spanIdOf(2) })]);
    expect(unlinked).toBe(0);
  });

  it('starts a new trace for a batch without trace headers', () => {
    expect(batchParentage([undefined, {}])).toEqual({ links: [], unlinked: 0 });
  });

  it(`links at most ${MAX_BATCH_LINKS} other traces and counts the rest`, () => {
    const batch = Array.from({ length: MAX_BATCH_LINKS + 11 }, (_, n) => recordOf(n + 1));
    const { links, unlinked } = batchParentage(batch);
    expect(links).toHaveLength(MAX_BATCH_LINKS);
    expect(unlinked).toBe(10);
  });
});

describe('spans', () => {
  const tracing = specTracing();

  it("a consumed batch's span is a consumer span in the first record's trace, linked to the others, and what it produces carries it on", async () => {
    // Given tracing on
    tracing.on();

    // When a batch of records from traces 7 and 9 is handled, producing a record
    const produced = await inConsumedBatch(
      'process usage.events.v1',
      { topic: 'usage.events.v1', partition: 3, messages: [{ headers: recordOf(7) }, { headers: recordOf(9) }] },
      () => Promise.resolve(traceHeaders()),
    );

    // Then the span continues trace 7, links trace 9, says what it consumed, and the produced record is its child
    const [span] = await tracing.finishedSpans();
    expect(span).toMatchObject({ name: 'process usage.events.v1', kind: SpanKind.CONSUMER });
    expect(span?.spanContext().traceId).toBe(traceIdOf(7));
    expect(span?.parentSpanContext?.spanId).toBe(spanIdOf(1));
    expect(span?.links.map((link) => link.context.traceId)).toEqual([traceIdOf(9)]);
    expect(span?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'usage.events.v1',
      'messaging.destination.partition.id': '3',
      'messaging.batch.message_count': 2,
      'govmetrics.batch.linked_traces': 1,
    });
    expect(produced?.traceparent).toBe(`00-${traceIdOf(7)}-${span?.spanContext().spanId}-01`);
  });

  it("marks a failed span with the error's code, never its message, and rethrows", async () => {
    // Given tracing on
    tracing.on();
    const failure = Object.assign(new Error('row 3: value "someone@example.org" is not a number'), { code: 'CLICKHOUSE_REFUSED' });

    // When the work of a span fails
    await expect(inSpan('projector.fold', {}, () => Promise.reject(failure))).rejects.toBe(failure);
    expect(() => inSpan('sync', {}, () => JSON.parse('{') as unknown)).toThrow(SyntaxError);

    // Then each span is an error with the code or class, and the data in the message is not recorded
    const [fold, sync] = await tracing.finishedSpans();
    expect(fold?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'CLICKHOUSE_REFUSED' });
    expect(fold?.attributes['error.type']).toBe('CLICKHOUSE_REFUSED');
    expect(JSON.stringify([fold?.attributes, fold?.events])).not.toContain('example.org');
    expect(sync?.attributes['error.type']).toBe('SyntaxError');
  });

  it('with tracing off runs the work directly and records nothing', async () => {
    // Given tracing off
    tracing.off();

    // When work runs in spans
    const result = await inConsumedBatch('process', { topic: 't', partition: 0, messages: [{ headers: recordOf(7) }] }, (span) => {
      span.setAttribute('ignored', 1);
      return Promise.resolve(inSpan('inner', {}, (inner) => inner.isRecording()));
    });

    // Then the work ran, unrecorded
    expect(result).toBe(false);
    expect(await tracing.finishedSpans()).toEqual([]);
  });
});
