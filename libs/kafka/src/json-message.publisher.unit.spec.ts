import { inSpan, startTracing, type Tracing } from '@govmetrics/tracing';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { jsonMessages } from './json-message.publisher';

const keyOf = (message: { id: string }) => message.id;

describe(jsonMessages.name, () => {
  let tracing: Tracing | undefined;

  afterEach(async () => {
    await tracing?.stop();
    tracing = undefined;
  });

  it('adds no header while tracing is off', () => {
    tracing = startTracing('spec', {});
    expect(jsonMessages(keyOf, [{ id: 'a' }])).toEqual([{ key: 'a', value: '{"id":"a"}' }]);
  });

  it("gives every message of one call the active span's traceparent, so a request's events share its trace", () => {
    // Given tracing on
    const exporter = new InMemorySpanExporter();
    tracing = startTracing('spec', {}, exporter);

    // When two messages are made inside a span
    let spanTraceparent = '';
    const messages = inSpan('ingest.record_events', {}, (span) => {
      const { traceId, spanId } = span.spanContext();
      spanTraceparent = `00-${traceId}-${spanId}-01`;
      return jsonMessages(keyOf, [{ id: 'a' }, { id: 'b' }]);
    });

    // Then both carry it
    expect(spanTraceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(messages.map((message) => message.headers)).toEqual([{ traceparent: spanTraceparent }, { traceparent: spanTraceparent }]);
  });
});
