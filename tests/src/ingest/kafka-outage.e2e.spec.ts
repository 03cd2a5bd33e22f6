import type { IngestAnswer, UsageEvent } from '@govmetrics/contracts';
import { eventually, Pipeline, PrivateKafka, requestJson, usageEvent } from '@govmetrics/devkit';
import { readCommitted } from '@govmetrics/kafka/testing';

const BATCHES = 6;
const EVENTS_PER_BATCH = 500;

describe('a platform keeps sending while the Kafka broker goes down and comes back', () => {
  let kafka: PrivateKafka;
  let pipeline: Pipeline;

  beforeAll(async () => {
    kafka = await PrivateKafka.start();
    pipeline = await Pipeline.start({ kafkaBrokers: kafka.brokers, services: ['ingest', 'projector', 'gateway'] });
  }, 240_000);

  afterAll(async () => {
    await pipeline?.stop();
    await kafka?.destroy();
  }, 120_000);

  const health = () => requestJson(`${pipeline.ingestUrl}/health`, { headers: pipeline.roleHeaders('operator') });
  const send = (batch: UsageEvent[]) => requestJson(`${pipeline.ingestUrl}/v1/events`, { body: batch, headers: pipeline.authHeaders('gdx') });

  it('answers 503 with Retry-After while the broker is down, and counts every event exactly once after the batches are resent', async () => {
    // Given GDX has six batches of API-call counts to deliver
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: EVENTS_PER_BATCH }, (_, n) => usageEvent({ agency: `agency-${n % 7}`, value: b * 1000 + n })),
    );
    const answers = new Map<number, { status: number; body: unknown; retryAfter: string | null }[]>();
    const record = async (b: number) => {
      const answer = await send(batches[b] as UsageEvent[]);
      answers.set(b, [...(answers.get(b) ?? []), { status: answer.status, body: answer.body, retryAfter: answer.headers.get('retry-after') }]);
      return answer.status;
    };
    expect(await record(0)).toBe(200);
    expect((await health()).body).toEqual({ status: 'ok', checks: { kafka: 'ok', postgres: 'ok' } });

    // When the broker stops while the platform is sending the next batches
    const stopping = kafka.stop();
    let next = 1;
    while (next < BATCHES && (await record(next)) === 200) next += 1;
    await stopping;
    if (next === BATCHES) next = BATCHES - 1; // every batch beat the shutdown: send the last one again into the outage
    if (answers.get(next)?.at(-1)?.status !== 503) await record(next);

    // Then the batch that met the outage is refused as a whole, with a time to come back
    const refused = answers.get(next)?.at(-1);
    expect(refused).toMatchObject({ status: 503, body: { error: 'log_unavailable' } });
    expect(Number(refused?.retryAfter)).toBeGreaterThan(0);

    // And the ingest reports itself not ready, naming Kafka, so a load balancer can take it out
    const notReady = await health();
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ error: 'dependency_unavailable', failed: ['kafka'], checks: { postgres: 'ok' } });

    // When the broker is back and the platform resends everything it is not sure of, the first batch included
    await kafka.restart();
    for (const b of [0, ...Array.from({ length: BATCHES - next }, (_, k) => next + k)]) {
      let status = await record(b);
      for (let attempt = 0; status === 503 && attempt < 10; attempt += 1) {
        await new Promise((wait) => setTimeout(wait, 2000));
        status = await record(b);
      }
      expect(status).toBe(200);
    }

    // And the ingest is ready again (its answer is cached for a second)
    await new Promise((later) => setTimeout(later, 1100));
    expect((await health()).status).toBe(200);

    // Then every event was answered `accepted` exactly once over all the answers, and `duplicate` when sent again
    const acceptedTimes = new Map<string, number>();
    for (const attempts of answers.values()) {
      for (const attempt of attempts.filter((a) => a.status === 200)) {
        for (const verdict of (attempt.body as IngestAnswer).results) {
          if (verdict.status === 'accepted') acceptedTimes.set(verdict.id ?? '', (acceptedTimes.get(verdict.id ?? '') ?? 0) + 1);
        }
      }
    }
    const allIds = batches.flat().map((event) => event.id);
    expect([...acceptedTimes.values()].every((times) => times === 1)).toBe(true);
    expect([...acceptedTimes.keys()].sort()).toEqual([...allIds].sort());
    expect((answers.get(0)?.at(-1)?.body as IngestAnswer).duplicate).toBe(EVENTS_PER_BATCH);

    // And the accepted-events topic, as the projector reads it (read_committed), holds each event exactly once
    const onTopic = await readCommitted(pipeline.kafkaBrokers, pipeline.env.USAGE_EVENTS_TOPIC as string, {
      atLeast: allIds.length,
      quietMs: 2000,
      timeoutMs: 60_000,
    });
    const topicIds = onTopic.map((message) => (JSON.parse(String(message.value)) as UsageEvent).id);
    expect(topicIds).toHaveLength(allIds.length);
    expect(new Set(topicIds)).toEqual(new Set(allIds));

    // And the operator's total through the gateway is the exact sum of the six batches, each event counted once
    const sum = batches.flat().reduce((total, event) => total + event.data.value, 0);
    const total = await eventually(
      () => requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=gdx&metric=api_calls`, { headers: pipeline.roleHeaders('operator') }),
      (answer) => (answer.body as { events: number }).events >= allIds.length,
      60_000,
    );
    expect(total.body).toMatchObject({ total: sum, events: allIds.length });
  }, 420_000);
});
