import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { AttainmentBoardAnswer } from '@govmetrics/contracts';
import { TOPICS } from '@govmetrics/contracts';
import type { ServiceName } from '@govmetrics/devkit';
import { eventually, Pipeline, platformPrincipal, requestJson, SecuredKafka, usageEvent } from '@govmetrics/devkit';
import { createKafka, KafkaAccessDeniedError, RecordPublisher } from '@govmetrics/kafka';

const SERVICES: readonly ServiceName[] = ['ingest', 'projector', 'scoring', 'gateway'];

/**
 * The services under the topic names, groups and principals the ACL table grants (docs/security.md, "Kafka"): the
 * broker is the test's own, so the default names cannot collide with another run's.
 */
const TABLE_NAMES = {
  USAGE_EVENTS_TOPIC: TOPICS.usageEvents,
  RAW_USAGE_TOPIC: TOPICS.usageRaw,
  DEAD_LETTER_TOPIC: TOPICS.usageDlq,
  AGGREGATES_CHANGED_TOPIC: TOPICS.aggregatesChanged,
  KPI_ATTAINMENT_TOPIC: TOPICS.kpiAttainment,
  QUARANTINE_TOPIC: TOPICS.quarantine,
  COMPLETENESS_TOPIC: TOPICS.completeness,
  VERDICTS_TOPIC: TOPICS.verdicts,
  PROJECTOR_GROUP_ID: 'govmetrics-projector',
  RAW_INTAKE_GROUP_ID: 'ingest-validator',
  SCORING_GROUP_ID: 'govmetrics-scoring',
};

describe('the pipeline end to end on a secured broker, each service as its own SCRAM principal', () => {
  let broker: SecuredKafka;
  let pipeline: Pipeline;
  const total = async (platform: string, metric: string) =>
    (
      await requestJson(`${pipeline.gatewayUrl}/v1/aggregates/total?platform=${platform}&metric=${metric}`, {
        headers: pipeline.roleHeaders('operator'),
      })
    ).body as { total: number; events: number };

  beforeAll(async () => {
    broker = await SecuredKafka.start();
    const principal = (service: ServiceName) => {
      const { KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD_FILE } = broker.clientAs(service);
      return { KAFKA_SASL_USERNAME: KAFKA_SASL_USERNAME as string, KAFKA_SASL_PASSWORD_FILE: KAFKA_SASL_PASSWORD_FILE as string };
    };
    pipeline = await Pipeline.start({
      kafkaBrokers: broker.brokers.join(','),
      services: SERVICES,
      // The run's own settings are the broker admin's (its cleanup deletes the run's topics and groups); each service
      // connects as its own principal over them
      env: {
        ...TABLE_NAMES,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'admin',
        KAFKA_SASL_PASSWORD_FILE: broker.passwordFile('admin'),
        SCORING_AS_OF: '2021-09-30',
      },
      serviceEnv: Object.fromEntries(SERVICES.map((service) => [service, principal(service)])),
    });
  }, 420_000);

  afterAll(async () => {
    await pipeline?.stop();
    if (pipeline) {
      const server = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: 'default' }));
      await server.command({ query: `DROP DATABASE IF EXISTS ${pipeline.runId}` }).finally(() => server.close());
    }
    await broker?.destroy();
  }, 120_000);

  it('takes events over HTTP and from a platform’s own Kafka principal through to the gateway, and scores reach the gateway', async () => {
    // Given GDX sends over HTTP and MailGoThai produces to usage.raw.v1 as platform-mailgothai
    const sent = await requestJson(`${pipeline.ingestUrl}/v1/events`, {
      method: 'POST',
      headers: pipeline.authHeaders('gdx'),
      body: [usageEvent({ platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 7 })],
    });
    expect(sent.status).toBe(200);
    const platform = new RecordPublisher(createKafka(broker.clientAs(platformPrincipal('mailgothai'))));
    await platform.connect();
    await platform.send(TOPICS.usageRaw, [
      { key: 'mof', value: JSON.stringify(usageEvent({ platform: 'mailgothai', metric: 'accounts', agency: 'mof', value: 300 })) },
    ]);

    // Then both are projected and read back through the gateway
    await eventually(
      () => total('gdx', 'api_calls'),
      (answer) => answer.events >= 1,
      90_000,
    );
    expect(
      await eventually(
        () => total('mailgothai', 'accounts'),
        (answer) => answer.events >= 1,
        90_000,
      ),
    ).toEqual(expect.objectContaining({ total: 300 }));

    // And the scoring service's snapshots reach the gateway over kpi.attainment.v1
    const board = await eventually(
      async () =>
        (await requestJson(`${pipeline.gatewayUrl}/v1/attainment?catalog=dga-fy2564`, { headers: pipeline.roleHeaders('operator') }))
          .body as AttainmentBoardAnswer,
      (answer) => answer.snapshots.length >= 2,
      90_000,
    );
    expect(board.snapshots.map((attainment) => attainment.snapshot.scorecardId).sort()).toEqual(['A', 'B']);

    // And the same platform principal cannot skip the validator
    await expect(platform.send(TOPICS.usageEvents, [{ key: 'gdx:moph', value: '{}' }])).rejects.toBeInstanceOf(KafkaAccessDeniedError);
    await platform.disconnect();

    // And no service was refused anything its work needed
    for (const service of SERVICES) expect(pipeline.service(service).log).not.toContain('kafka refused');
  }, 300_000);
});
