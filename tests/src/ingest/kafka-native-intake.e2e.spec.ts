import { DLQ_HEADERS } from '@govmetrics/contracts';
import { eventually, Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import { createKafka } from '@govmetrics/kafka';
import { readCommitted } from '@govmetrics/kafka/testing';

describe('a platform that speaks Kafka produces raw usage events and an operator reads the aggregate', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start();
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 60_000);

  it('counts the valid events, dead-letters the invalid ones with the reason, and keeps going past poison', async () => {
    // Given MailGoThai produces account snapshots straight to the raw topic, with a poison message and a PII leak among them
    const kafka = createKafka({ KAFKA_BROKERS: pipeline.kafkaBrokers, KAFKA_CLIENT_ID: 'mailgothai-exporter' });
    const producer = kafka.producer();
    await producer.connect();
    const snapshot = (agency: string, value: number) => usageEvent({ platform: 'mailgothai', metric: 'accounts', agency, value });
    await producer.send({
      topic: pipeline.env.RAW_USAGE_TOPIC as string,
      messages: [
        { key: 'moph', value: JSON.stringify(snapshot('moph', 1200)) },
        { key: 'junk', value: '\u0000\u0001 not an event' },
        {
          key: 'leak',
          value: JSON.stringify(
            usageEvent({ platform: 'mailgothai', metric: 'accounts', agency: 'mof', value: 1, dimensions: { owner: 'somchai@example.com' } }),
          ),
        },
        { key: 'mof', value: JSON.stringify(snapshot('mof', 300)) },
      ],
    });
    await producer.disconnect();

    // Then the gateway reports the two valid snapshots, projected from the accepted topic
    const total = await eventually(
      () => requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=mailgothai&metric=accounts`, { headers: pipeline.roleHeaders('operator') }),
      (answer) => (answer.body as { events: number }).events >= 2,
      60_000,
    );
    expect(total.body).toMatchObject({ total: 1500, events: 2 });

    // And the dead-letter topic holds the two others, each with its rule: the junk unchanged, the leak without the address
    const dead = await readCommitted(pipeline.kafkaBrokers, pipeline.env.DEAD_LETTER_TOPIC as string, { atLeast: 2 });
    expect(dead.map((message) => [String(message.key), String(message.headers?.[DLQ_HEADERS.rule])]).sort()).toEqual([
      ['junk', 'invalid_json'],
      ['leak', 'pii_in_clear'],
    ]);
    const byKey = new Map(dead.map((message) => [String(message.key), message]));
    expect(String(byKey.get('junk')?.value)).toBe('\u0000\u0001 not an event');
    const leak = JSON.parse(String(byKey.get('leak')?.value)) as { data: { dimensions: { owner: string } } };
    expect(leak.data.dimensions.owner).toMatch(/^\[redacted pii_in_clear sha256:[0-9a-f]{64}\]$/);
    expect(String(byKey.get('leak')?.headers?.[DLQ_HEADERS.rejections])).toContain('$.data.dimensions.owner');
  }, 120_000);
});
