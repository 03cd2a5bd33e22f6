import { Pipeline, requestJson, usageEvent } from '@govmetrics/devkit';
import { createKafka } from '@govmetrics/kafka';

const PII_CANARY = 'canary.person.4410@example.go.th';

/** Each line of the run that parses as a JSON object, with its service. */
const jsonLines = (pipeline: Pipeline) =>
  pipeline.logLines().flatMap(({ service, line }) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [{ service, ...(parsed as Record<string, unknown>) }] : [];
    } catch {
      return [];
    }
  });

/** Polls the run's log until `wanted` finds its lines; returns what it found last. */
async function linesUntil(pipeline: Pipeline, wanted: (line: Record<string, unknown>) => boolean, count: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let found = jsonLines(pipeline).filter(wanted);
  while (found.length < count && Date.now() < deadline) {
    await new Promise((later) => setTimeout(later, 250));
    found = jsonLines(pipeline).filter(wanted);
  }
  return found;
}

describe('the log lines of event work name the event and where it was, from the JSON logs', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['ingest', 'projector'] });
  }, 300_000);

  afterAll(async () => {
    await pipeline?.stop();
  }, 120_000);

  it('a rejected HTTP event: its source, id, platform, rule, and the request id; a personal-data id is left out', async () => {
    // Given a batch holding an event whose value is no number, and one whose id is an e-mail address
    const valid = usageEvent();
    const badValue = { ...valid, data: { ...valid.data, value: 'four' } };
    const personalId = usageEvent({}, { id: PII_CANARY });
    const answer = await requestJson(`${pipeline.ingestUrl}/v1/events`, {
      body: [usageEvent(), badValue, personalId],
      headers: { ...pipeline.authHeaders('gdx'), 'x-request-id': 'rejects-1' },
    });
    expect(answer.body).toMatchObject({ accepted: 1, rejected: 2 });

    // Then the ingest's log holds a line for each, on the request's logger
    const lines = await linesUntil(pipeline, (line) => line.msg === 'event rejected' && line.reqId === 'rejects-1', 2);
    expect(lines).toEqual([
      expect.objectContaining({ service: 'ingest', intake: 'http', platform: 'gdx', source: badValue.source, id: badValue.id, index: 1, rule: 'invalid_type' }),
      expect.objectContaining({ service: 'ingest', intake: 'http', platform: 'gdx', source: personalId.source, index: 2, rule: 'pii_in_clear' }),
    ]);
    expect(lines[1]).not.toHaveProperty('id');
    expect(pipeline.logLines().filter(({ line }) => line.includes(PII_CANARY))).toEqual([]);
  }, 60_000);

  it("a dead-lettered raw record and a record the projector quarantines: topic, partition, offset and the event's names", async () => {
    // Given a platform's producer writing an event whose value is no number to the raw topic,
    // and someone writing an event-shaped record without a value straight to the accepted topic
    const sent = usageEvent({ platform: 'mailgothai', metric: 'accounts' });
    const deadLetter = { ...sent, data: { ...sent.data, value: 'x' } };
    const { data: _dropped, ...envelope } = usageEvent();
    const unprojectable = { ...envelope, data: { platform: 'gdx', metric: 'api_calls', agency: 'moph' } };
    const producer = createKafka({ KAFKA_BROKERS: pipeline.kafkaBrokers, KAFKA_CLIENT_ID: 'event-work-logs-test' }).producer();
    await producer.connect();
    const [raw] = await producer.send({ topic: pipeline.env.RAW_USAGE_TOPIC!, messages: [{ value: JSON.stringify(deadLetter) }] });
    const [accepted] = await producer.send({ topic: pipeline.env.USAGE_EVENTS_TOPIC!, messages: [{ key: 'gdx:moph', value: JSON.stringify(unprojectable) }] });
    await producer.disconnect();

    // Then the validator's line names the raw record's place and the event it claims to be
    const [deadLettered] = await linesUntil(pipeline, (line) => line.msg === 'record dead-lettered' && line.id === deadLetter.id, 1);
    expect(deadLettered).toMatchObject({
      service: 'ingest',
      intake: 'raw_intake',
      topic: pipeline.env.RAW_USAGE_TOPIC,
      partition: raw?.partition,
      offset: raw?.baseOffset,
      source: deadLetter.source,
      platform: 'mailgothai',
      rule: 'invalid_type',
    });
    // And the projector's line names the quarantined record's place and the event it claims to be
    const [quarantined] = await linesUntil(pipeline, (line) => line.msg === 'record quarantined' && line.id === unprojectable.id, 1);
    expect(quarantined).toMatchObject({
      service: 'projector',
      level: 40,
      topic: pipeline.env.USAGE_EVENTS_TOPIC,
      partition: accepted?.partition,
      offset: accepted?.baseOffset,
      source: unprojectable.source,
      platform: 'gdx',
      consumer: 'projector',
      quarantineTopic: pipeline.env.QUARANTINE_TOPIC,
    });
  }, 120_000);
});
