import type { CompletenessDeclaration, KpiAttainment } from '@govmetrics/contracts';
import { CompletenessBoardSchema, completenessKey, KpiAttainmentSchema, MAX_DECLARATIONS_PER_REQUEST } from '@govmetrics/contracts';
import { Pipeline, TopicWatcher } from '@govmetrics/devkit';
import { addDays, eachDay } from '@govmetrics/foresight';
import { createKafka, KafkaConfigSchema } from '@govmetrics/kafka';

const AS_OF = '2020-10-03';
type Input = KpiAttainment['snapshot']['aggregates'][number];

/** Each platform's days to declare for each of its metrics so that every input is complete through the as-of day. */
function daysToDeclare(inputs: readonly Input[]): Map<string, CompletenessDeclaration[]> {
  const byPlatform = new Map<string, Map<string, CompletenessDeclaration>>();
  for (const input of inputs) {
    const last = input.toDay < AS_OF ? input.toDay : AS_OF;
    if (last < input.fromDay) continue;
    const declared = byPlatform.get(input.platform) ?? new Map<string, CompletenessDeclaration>();
    for (const day of eachDay(input.fromDay, last)) declared.set(`${input.metric}|${day}`, { platform: input.platform, metric: input.metric, day });
    byPlatform.set(input.platform, declared);
  }
  return new Map([...byPlatform].map(([platform, declared]) => [platform, [...declared.values()]]));
}

describe('completeness: platforms declare days over HTTP and Kafka, and scores stay provisional until every input is complete', () => {
  let pipeline: Pipeline;
  let attainment: TopicWatcher<KpiAttainment>;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['ingest', 'scoring', 'gateway'], env: { SCORING_AS_OF: AS_OF } });
    attainment = await TopicWatcher.start(pipeline.env.KPI_ATTAINMENT_TOPIC!, (value) => KpiAttainmentSchema.parse(value));
  }, 180_000);

  afterAll(async () => {
    await attainment?.stop();
    await pipeline?.stop();
  }, 60_000);

  it('turns scorecard A final only once the last missing day arrives on Kafka, and shows operators each platform complete through it', async () => {
    // Given the service scored A with nothing declared: provisional, no input complete
    const first = await attainment.until((message) => message.snapshot.scorecardId === 'A', 120_000);
    expect(first.snapshot.provisional).toBe(true);
    expect(first.snapshot.aggregates.every((input) => input.completeThrough === null)).toBe(true);
    const plan = daysToDeclare(first.snapshot.aggregates);
    const [kafkaPlatform, ...httpPlatforms] = [...plan.keys()].sort();
    expect(kafkaPlatform).toBeDefined();

    // When every platform but one declares its days over HTTP, and that one all but its last day
    const lastOverKafka = plan.get(kafkaPlatform!)!.filter((declaration) => declaration.day === AS_OF);
    const overHttp = [
      ...httpPlatforms.map((platform) => [platform, plan.get(platform)!] as const),
      [kafkaPlatform!, plan.get(kafkaPlatform!)!.filter((d) => d.day !== AS_OF)] as const,
    ];
    for (const [platform, declarations] of overHttp) {
      for (let at = 0; at < declarations.length; at += MAX_DECLARATIONS_PER_REQUEST) {
        const batch = declarations.slice(at, at + MAX_DECLARATIONS_PER_REQUEST);
        const response = await fetch(`${pipeline.ingestUrl}/v1/completeness`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...pipeline.authHeaders(platform) },
          body: JSON.stringify(batch),
        });
        expect({ platform, status: response.status, body: await response.json() }).toMatchObject({ platform, status: 200, body: { recorded: batch.length } });
      }
    }
    // Then A is recorded again, still provisional: that platform's inputs are complete only through the day before
    const partial = await attainment.until(
      (message) => message.snapshot.scorecardId === 'A' && message.snapshot.aggregates.some((input) => input.completeThrough === addDays(AS_OF, -1)),
      120_000,
    );
    expect(partial.snapshot.provisional).toBe(true);

    // When that platform declares its last day on Kafka itself
    const producer = createKafka(KafkaConfigSchema.parse({ ...process.env, KAFKA_CLIENT_ID: `platform-${kafkaPlatform}` })).producer();
    await producer.connect();
    await producer.send({
      topic: pipeline.env.COMPLETENESS_TOPIC!,
      acks: -1,
      messages: lastOverKafka.map((declaration) => ({ key: completenessKey(declaration), value: JSON.stringify(declaration) })),
    });
    await producer.disconnect();

    // Then A is final, with the same overall score, every input complete through the as-of day (or its range's end)
    const final = await attainment.until((message) => message.snapshot.scorecardId === 'A' && message.snapshot.provisional === false, 120_000);
    expect(final.snapshot.overall).toBe(first.snapshot.overall);
    expect(
      final.snapshot.aggregates.filter((input) => input.fromDay <= AS_OF).every((input) => (input.completeThrough ?? '') >= AS_OF || input.toDay < AS_OF),
    ).toBe(true);

    // And operators see each declaring platform complete through the as-of day
    const response = await fetch(`${pipeline.gatewayUrl}/v1/operations/completeness`, { headers: pipeline.roleHeaders('operator') });
    expect(response.status).toBe(200);
    const board = CompletenessBoardSchema.parse(await response.json());
    const kafkaRows = board.statuses.filter((status) => status.platform === kafkaPlatform && status.agency === null);
    expect(kafkaRows.length).toBeGreaterThan(0);
    expect(kafkaRows.every((status) => status.completeThrough === AS_OF && status.firstDeclaredDay !== null)).toBe(true);
  }, 420_000);
});
