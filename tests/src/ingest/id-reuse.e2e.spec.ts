import type { IngestAnswer, UsageEvent } from '@govmetrics/contracts';
import { DLQ_HEADERS } from '@govmetrics/contracts';
import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import { createKafka } from '@govmetrics/kafka';
import { readCommitted } from '@govmetrics/kafka/testing';

describe('a platform resends its events, and once reuses an event id for other data', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start();
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 60_000);

  const send = async (batch: unknown[]) => {
    const answer = await requestJson(`${pipeline.ingestUrl}/v1/events`, { body: batch, headers: pipeline.authHeaders('gdx') });
    expect(answer.status).toBe(200);
    return answer.body as IngestAnswer;
  };

  it('answers an unchanged resend duplicate, rejects other data under a used id on HTTP and Kafka alike, and counts each event once', async () => {
    // Given GDX delivered two API-call counts
    const moph = usageEvent({ agency: 'moph', value: 100, dimensions: { service: 'dopa-linkage' } });
    const mof = usageEvent({ agency: 'mof', value: 5 });
    expect(await send([moph, mof])).toMatchObject({ accepted: 2, duplicate: 0, rejected: 0 });

    // When its exporter resends the first one re-serialised (keys reordered, the same instant in UTC),
    // and a bug reuses the second one's id for another agency's count
    const { data, ...envelope } = moph;
    const reserialised = {
      data: { value: data.value, dimensions: data.dimensions, agency: data.agency, metric: data.metric, platform: data.platform },
      ...envelope,
      time: '2021-03-01T03:00:00Z',
    };
    const resend = await send([reserialised, { ...mof, data: { ...mof.data, agency: 'dga', value: 7 } }]);

    // Then the resend is a duplicate, and the reused id is rejected at $.id with its own rule, naming when the original came
    expect(resend.results[0]).toEqual({ index: 0, id: moph.id, status: 'duplicate' });
    expect(resend.results[1]).toMatchObject({ index: 1, id: mof.id, status: 'rejected', errors: [{ path: '$.id', rule: 'id_reused_with_different_data' }] });
    expect(resend.results[1]?.status === 'rejected' && resend.results[1].errors[0]?.message).toMatch(/accepted at \d{4}-\d\d-\d\dT/);

    // And within one batch, the second of two different events under one id is rejected too
    const counted = usageEvent({ agency: 'dga', value: 1 });
    const sameBatch = await send([counted, { ...counted, data: { ...counted.data, value: 2 } }]);
    expect(sameBatch.results.map((verdict) => verdict.status)).toEqual(['accepted', 'rejected']);

    // And the Kafka-native intake consults the same record: the reused id is dead-lettered, the unchanged copy dropped
    // (one key, so one partition: both are judged in the transaction that dead-letters the first)
    const producer = createKafka({ KAFKA_BROKERS: pipeline.kafkaBrokers, KAFKA_CLIENT_ID: 'gdx-exporter' }).producer();
    await producer.connect();
    await producer.send({
      topic: pipeline.env.RAW_USAGE_TOPIC as string,
      messages: [
        { key: 'gdx', value: JSON.stringify(moph), headers: { copy: 'unchanged' } },
        { key: 'gdx', value: JSON.stringify({ ...mof, data: { ...mof.data, value: 500 } }), headers: { copy: 'reused' } },
      ],
    });
    await producer.disconnect();
    const dead = await readCommitted(pipeline.kafkaBrokers, pipeline.env.DEAD_LETTER_TOPIC as string, { atLeast: 1 });
    expect(dead.map((message) => [String(message.headers?.copy), String(message.headers?.[DLQ_HEADERS.rule])])).toEqual([
      ['reused', 'id_reused_with_different_data'],
    ]);

    // And the operator's total holds each accepted event once: 100 + 5 + 1
    const total = await eventually(
      () => requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls`, { headers: pipeline.roleHeaders('operator') }),
      (answer) => (answer.body as { events: number }).events >= 3,
      60_000,
    );
    expect(total.body).toMatchObject({ total: 106, events: 3 });
    const onTopic = await readCommitted(pipeline.kafkaBrokers, pipeline.env.USAGE_EVENTS_TOPIC as string, { atLeast: 3, quietMs: 1500 });
    expect(onTopic.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id).sort()).toEqual([moph.id, mof.id, counted.id].sort());
  }, 120_000);
});
