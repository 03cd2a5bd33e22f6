import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { batchParentage, inConsumedBatch, inSpan, MAX_BATCH_LINKS } from './spans';
import { startTracing, type Tracing } from './start-tracing';
import { traceHeaders } from './trace-headers';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** The headers of a record produced in trace `n` by span `span`. */
const recordOf = (n: number, span = 1) => ({ traceparent: Buffer.from(`00-${hex(n, 32)}-${hex(span, 16)}-01`) });

describe(batchParentage.name, () => {
  it("continues the first traced record's trace and links each other trace once", () => {
    // Given a batch of two requests' events (three and two records), an untraced record and a malformed one
    const batch = [undefined, recordOf(7), recordOf(7), { traceparent: Buffer.from('garbage') }, recordOf(9, 2), recordOf(7), recordOf(9, 3)];

    // When its place in the traces is decided
    const { parent, links, unlinked } = batchParentage(batch);

    // Then the batch continues trace 7 and links trace 9 by its first record's span
    expect(parent).toMatchObject({ traceId: hex(7, 32), spanId: hex(1, 16) });
    expect(links).toEqual([expect.objectContaining({ traceId: hex(9, 32), spanId: hex(2, 16) })]);
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
  let tracing: Tracing | undefined;
  let exporter: InMemorySpanExporter;

  // A stopped exporter refuses spans: each spec has its own.
  beforeEach(() => {
    exporter = new InMemorySpanExporter();
  });

  afterEach(async () => {
    await tracing?.stop();
    tracing = undefined;
  });

  it("a consumed batch's span is a consumer span in the first record's trace, linked to the others, and what it produces carries it on", async () => {
    // Given tracing on
    tracing = startTracing('spec', {}, exporter);

    // When a batch of records from traces 7 and 9 is handled, producing a record
    const produced = await inConsumedBatch(
      'process usage.events.v1',
      { topic: 'usage.events.v1', partition: 3, messages: [{ headers: recordOf(7) }, { headers: recordOf(9) }] },
      () => Promise.resolve(traceHeaders()),
    );
    await tracing.flush();

    // Then the span continues trace 7, links trace 9, says what it consumed, and the produced record is its child
    const [span] = exporter.getFinishedSpans();
    expect(span).toMatchObject({ name: 'process usage.events.v1', kind: SpanKind.CONSUMER });
    expect(span?.spanContext().traceId).toBe(hex(7, 32));
    expect(span?.parentSpanContext?.spanId).toBe(hex(1, 16));
    expect(span?.links.map((link) => link.context.traceId)).toEqual([hex(9, 32)]);
    expect(span?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'usage.events.v1',
      'messaging.destination.partition.id': '3',
      'messaging.batch.message_count': 2,
      'govmetrics.batch.linked_traces': 1,
    });
    expect(produced?.traceparent).toBe(`00-${hex(7, 32)}-${span?.spanContext().spanId}-01`);
  });

  it("marks a failed span with the error's code, never its message, and rethrows", async () => {
    // Given tracing on
    tracing = startTracing('spec', {}, exporter);
    const failure = Object.assign(new Error('row 3: value "someone@example.org" is not a number'), { code: 'CLICKHOUSE_REFUSED' });

    // When the work of a span fails
    await expect(inSpan('projector.fold', {}, () => Promise.reject(failure))).rejects.toBe(failure);
    expect(() => inSpan('sync', {}, () => JSON.parse('{') as unknown)).toThrow(SyntaxError);
    await tracing.flush();

    // Then each span is an error with the code or class, and the data in the message is not recorded
    const [fold, sync] = exporter.getFinishedSpans();
    expect(fold?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'CLICKHOUSE_REFUSED' });
    expect(fold?.attributes['error.type']).toBe('CLICKHOUSE_REFUSED');
    expect(JSON.stringify([fold?.attributes, fold?.events])).not.toContain('example.org');
    expect(sync?.attributes['error.type']).toBe('SyntaxError');
  });

  it('with tracing off runs the work directly and records nothing', async () => {
    // Given tracing off
    tracing = startTracing('spec', { OTEL_EXPORTER_OTLP_ENDPOINT: '' });

    // When work runs in spans
    const result = await inConsumedBatch('process', { topic: 't', partition: 0, messages: [{ headers: recordOf(7) }] }, (span) => {
      span.setAttribute('ignored', 1);
      return Promise.resolve(inSpan('inner', {}, (inner) => inner.isRecording()));
    });

    // Then the work ran, unrecorded
    expect(result).toBe(false);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
