import { LEDGER_HEADS_TOPIC, TOPICS } from '@govmetrics/contracts';
import type { KafkaClientConfig } from '@govmetrics/kafka';
import {
  createKafka,
  KafkaAccessDeniedError,
  KafkaAuthenticationError,
  kafkaRefusalCounts,
  KafkaUnavailableError,
  RecordPublisher,
  replayTopic,
  tailTopic,
  UsageEventPublisher,
  whenKafkaReady,
} from '@govmetrics/kafka';
import {
  applyKafkaAcls,
  kafkaAclTable,
  kafkaAclTableFor,
  PLATFORM_CATALOG_PATH,
  platformPrincipal,
  SECURED_TOPICS,
  SecuredKafka,
  usageEvent,
} from '@govmetrics/devkit';
import { readConsumerLag } from '@govmetrics/metrics';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';

// One secured broker for the whole file: a KRaft node takes ~10 s to start alone, several times that on a busy CI.
// SASL over TLS (its own CA, given to every client as KAFKA_TLS_CA_FILE); the pipeline e2e covers SASL without TLS.
let broker: SecuredKafka;
beforeAll(async () => {
  broker = await SecuredKafka.start({ tls: true });
}, 300_000);
afterAll(() => broker?.destroy(), 120_000);

const table = kafkaAclTable(['gdx']);
const PRINCIPALS = ['ingest', 'projector', 'scoring', 'gateway', 'auditor', 'cli-rebuild', 'cli-quarantine-replay', platformPrincipal('gdx')];
const grantsOf = (principal: string) => table.find((entry) => entry.principal === principal)?.grants ?? [];
const mayWrite = (principal: string, topic: string): boolean =>
  grantsOf(principal).some((grant) => grant.resource === 'topic' && grant.name === topic && grant.operations.includes('WRITE'));
const refusalsSoFar = (): number => Object.values(kafkaRefusalCounts()).reduce((sum, count) => sum + count, 0);

/** What one attempt ended in: `done`, or the error our adapter threw, with how many refusals it counted and logged. */
async function attempt(action: () => Promise<unknown>): Promise<{ outcome: unknown; counted: number; logged: number }> {
  const warn = jest.spyOn(console, 'warn');
  const before = refusalsSoFar();
  try {
    const outcome = await action().then(
      () => 'done',
      (error: unknown) => error,
    );
    const logged = warn.mock.calls.filter(([line]) => String(line).includes('"message":"kafka refused')).length;
    return { outcome, counted: refusalsSoFar() - before, logged };
  } finally {
    warn.mockRestore();
  }
}

// A fresh broker's group and transaction coordinators load their logs at first use: what a service waits out at start.
const onceReady = <T>(step: () => Promise<T>): Promise<T> => whenKafkaReady(step, 60_000);

const produce = (client: KafkaClientConfig, topic: string): Promise<void> => onceReady(() => produceOnce(client, topic));

async function produceOnce(client: KafkaClientConfig, topic: string): Promise<void> {
  const publisher = new RecordPublisher(createKafka(client));
  try {
    await publisher.connect();
    await publisher.send(topic, [{ key: 'acl-test', value: '{"probe":true}' }]);
  } finally {
    await publisher.disconnect();
  }
}

const replayCount = (client: KafkaClientConfig, topic: string, groupId: string): Promise<number> =>
  onceReady(async () => (await replayTopic(createKafka(client), topic, groupId, () => Promise.resolve())).records);

describe('secured Kafka broker: every principal gets exactly what the ACL table grants', () => {
  describe.each(PRINCIPALS)('%s', (principal) => {
    it('writes each topic its grants name, and every other write is refused with the broker’s authorization error, counted and logged once', async () => {
      const mismatches: string[] = [];
      for (const { topic } of SECURED_TOPICS) {
        const { outcome, counted, logged } = await attempt(() => produce(broker.clientAs(principal), topic));
        const allowed = mayWrite(principal, topic);
        // An idempotent producer needs WRITE on some topic to get a producer id: without any, the broker refuses the cluster action.
        const expectedRefusal = grantsOf(principal).some((grant) => grant.operations.includes('WRITE'))
          ? 'TOPIC_AUTHORIZATION_FAILED'
          : 'CLUSTER_AUTHORIZATION_FAILED';
        const seen =
          outcome === 'done'
            ? 'done'
            : outcome instanceof KafkaAccessDeniedError
              ? `${outcome.brokerError.type} counted ${counted} logged ${logged}`
              : String(outcome);
        const expected = allowed ? 'done' : `${expectedRefusal} counted 1 logged 1`;
        if (seen !== expected) mismatches.push(`${topic}: expected ${expected}, got ${seen}`);
      }
      expect(mismatches).toEqual([]);
    }, 180_000);
  });

  it('the platform’s raw record reaches the ingest’s validator group; the platform cannot read its own topic back', async () => {
    expect(await replayCount(broker.clientAs('ingest'), TOPICS.usageRaw, 'ingest-validator')).toBeGreaterThan(0);
    const { outcome, counted } = await attempt(() => replayCount(broker.clientAs(platformPrincipal('gdx')), TOPICS.usageRaw, 'platform-gdx'));
    expect(outcome).toBeInstanceOf(KafkaAccessDeniedError);
    expect((outcome as KafkaAccessDeniedError).brokerError.type).toMatch(/^(TOPIC|GROUP)_AUTHORIZATION_FAILED$/);
    expect(counted).toBe(1);
  }, 120_000);

  it('the projector reads usage.events.v1 in its own group, and is refused in the scoring service’s group with GROUP_AUTHORIZATION_FAILED', async () => {
    expect(await replayCount(broker.clientAs('projector'), TOPICS.usageEvents, 'govmetrics-projector')).toBeGreaterThan(0);
    const { outcome, counted } = await attempt(() => replayCount(broker.clientAs('projector'), TOPICS.usageEvents, 'govmetrics-scoring'));
    expect(outcome).toBeInstanceOf(KafkaAccessDeniedError);
    expect((outcome as KafkaAccessDeniedError).brokerError).toEqual({ type: 'GROUP_AUTHORIZATION_FAILED', code: 30 });
    expect(counted).toBe(1);
  }, 120_000);

  // The gateway reads usage.events.v1 (verdict rates; its end offsets for the projector's lag); usage.raw.v1 it may not even describe.
  it('the gateway tails kpi.attainment.v1 under its group prefix, and is refused usage.raw.v1 with TOPIC_AUTHORIZATION_FAILED', async () => {
    const seen: string[] = [];
    const tail = await onceReady(() =>
      tailTopic(createKafka(broker.clientAs('gateway')), TOPICS.kpiAttainment, (value) => seen.push(String(value)), 'gateway-attainment'),
    );
    try {
      await until(() => seen.length > 0, 60_000);
    } finally {
      await tail.stop();
    }
    expect(seen).toContain('{"probe":true}');
    const { outcome, counted } = await attempt(() =>
      tailTopic(createKafka(broker.clientAs('gateway')), TOPICS.usageRaw, () => undefined, 'gateway-aggregates').then((other) => other.stop()),
    );
    expect((outcome as KafkaAccessDeniedError).brokerError?.type).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(counted).toBe(1);
  }, 120_000);

  it("the gateway reads the projector's and the scoring service's lag per partition (GET /v1/operations/pipeline) with its describe grants", async () => {
    const admin = createKafka(broker.clientAs('gateway')).admin();
    await admin.connect();
    try {
      const lag = await onceReady(async () => [
        ...(await readConsumerLag(admin, { groupId: 'govmetrics-projector', topics: [TOPICS.usageEvents] })),
        ...(await readConsumerLag(admin, { groupId: 'govmetrics-scoring', topics: [TOPICS.aggregatesChanged] })),
      ]);
      expect(new Set(lag.map(({ topic }) => topic))).toEqual(new Set([TOPICS.usageEvents, TOPICS.aggregatesChanged]));
    } finally {
      await admin.disconnect();
    }
  }, 120_000);

  it('the gateway reads usage.events.v1 under its group prefix, counting the accepted events of its verdict rates', async () => {
    expect(await replayCount(broker.clientAs('gateway'), TOPICS.usageEvents, 'gateway-verdicts-acl-test')).toBeGreaterThan(0);
  }, 120_000);

  it('the auditor reads the signed heads under a ledger-verify group, and no other group', async () => {
    expect(await replayCount(broker.clientAs('auditor'), LEDGER_HEADS_TOPIC, 'ledger-verify-acl-test')).toBeGreaterThan(0);
    const { outcome, counted } = await attempt(() => replayCount(broker.clientAs('auditor'), LEDGER_HEADS_TOPIC, 'gateway-ledger-heads-x'));
    expect((outcome as KafkaAccessDeniedError).brokerError?.type).toBe('GROUP_AUTHORIZATION_FAILED');
    expect(counted).toBe(1);
  }, 120_000);

  it("the CLI's rebuild reads the log and the quarantine under its throw-away groups, and is refused the projector's group", async () => {
    const rebuild = broker.clientAs('cli-rebuild');
    expect(await replayCount(rebuild, TOPICS.usageEvents, 'rebuild-acl-test')).toBeGreaterThan(0);
    expect(await replayCount(rebuild, TOPICS.quarantine, 'quarantine-read-acl-test')).toBeGreaterThan(0);
    const { outcome, counted } = await attempt(() => replayCount(rebuild, TOPICS.usageEvents, 'govmetrics-projector'));
    expect((outcome as KafkaAccessDeniedError).brokerError?.type).toBe('GROUP_AUTHORIZATION_FAILED');
    expect(counted).toBe(1);
  }, 120_000);

  it('the ingest publishes in a transaction under its transactional-id prefix, and is refused any other transactional id', async () => {
    const publishAs = (prefix: string) => onceReady(() => publishOnceAs(prefix));
    const publishOnceAs = async (prefix: string) => {
      const publisher = new UsageEventPublisher(createKafka(broker.clientAs('ingest')), {
        topic: TOPICS.usageEvents,
        transactionalIdPrefix: prefix,
        poolSize: 1,
      });
      try {
        await publisher.publish([usageEvent()]);
      } finally {
        await publisher.disconnect();
      }
    };
    await expect(publishAs('ingest-acl-test')).resolves.toBeUndefined();
    const { outcome, counted } = await attempt(() => publishAs('projector-acl-test'));
    expect((outcome as KafkaAccessDeniedError).brokerError?.type).toBe('TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
    expect(counted).toBe(1);
  }, 120_000);

  it('applying the table again removes a grant added by hand: the broker holds exactly the table', async () => {
    const admin = createKafka(broker.clientAs('admin'));
    const client = admin.admin();
    await client.connect();
    const stray = {
      principal: `User:${platformPrincipal('gdx')}`,
      host: '*',
      resourceType: AclResourceTypes.TOPIC,
      resourceName: TOPICS.usageEvents,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      operation: AclOperationTypes.WRITE,
      permissionType: AclPermissionTypes.ALLOW,
    };
    await client.createAcls({ acl: [stray] }).finally(() => client.disconnect());

    expect((await applyKafkaAcls(admin, kafkaAclTableFor(PLATFORM_CATALOG_PATH))).removed).toBe(1);
    const { outcome } = await attempt(() => produce(broker.clientAs(platformPrincipal('gdx')), TOPICS.usageEvents));
    expect((outcome as KafkaAccessDeniedError).brokerError?.type).toBe('TOPIC_AUTHORIZATION_FAILED');
  }, 120_000);

  it('a client that does not trust the broker’s CA does not connect, even with the right password', async () => {
    const { outcome, counted } = await attempt(() =>
      produceOnce({ ...broker.clientAs('ingest'), KAFKA_TLS_CA_FILE: undefined, KAFKA_TLS: true }, TOPICS.usageEvents),
    );
    expect(outcome).toBeInstanceOf(KafkaUnavailableError);
    expect((outcome as Error).message).toMatch(/certificate/i);
    expect(counted).toBe(0);
  }, 60_000);

  it('a wrong password is refused with an authentication error, counted once, and never retried', async () => {
    const { outcome, counted, logged } = await attempt(() =>
      produce({ ...broker.clientAs('ingest'), KAFKA_SASL_PASSWORD_FILE: undefined, KAFKA_SASL_PASSWORD: 'not-the-password' }, TOPICS.usageEvents),
    );
    expect(outcome).toBeInstanceOf(KafkaAuthenticationError);
    expect((outcome as KafkaAuthenticationError).retriable).toBe(false);
    expect([counted, logged]).toEqual([1, 1]);
  }, 60_000);
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
