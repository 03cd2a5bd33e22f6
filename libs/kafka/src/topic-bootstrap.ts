import type { Admin, ConfigEntries, IResourceConfigEntry, ITopicConfig, Kafka } from 'kafkajs';
import { ConfigResourceTypes } from 'kafkajs';
import { kafkaCall, KafkaUnavailableError, toKafkaError } from './kafka-errors';
import { whenKafkaReady } from './when-kafka-ready';

/**
 * Largest record batch every topic of ours accepts. kafkajs writes all of a request's messages for one partition
 * as one record batch, so a whole HTTP batch with a single platform:agency key must fit: the broker's 1 MB
 * default would refuse a valid 5 MiB batch forever, however often the client retried.
 */
export const TOPIC_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface TopicSpec {
  topic: string;
  partitions: number;
  /** Omit for infinite retention: the fact stream is kept forever. */
  retentionMs?: number;
  /**
   * `LogAppendTime` where retention must count from arrival: with the default `CreateTime` a record stamped a year ago
   * by its producer is already past a 7-day retention when it arrives. Enforced on an existing topic too.
   */
  timestampType?: 'LogAppendTime';
  /** Above {@link TOPIC_MAX_MESSAGE_BYTES} where a topic must take any other topic's record plus headers. Enforced on an existing topic too. */
  maxMessageBytes?: number;
}

const TIMESTAMP_TYPE = 'message.timestamp.type';
const MAX_MESSAGE_BYTES = 'max.message.bytes';

/** The configs an existing topic is brought to, not only a new one. */
const enforcedOf = (spec: TopicSpec): IResourceConfigEntry[] => [
  ...(spec.timestampType ? [{ name: TIMESTAMP_TYPE, value: spec.timestampType }] : []),
  ...(spec.maxMessageBytes ? [{ name: MAX_MESSAGE_BYTES, value: String(spec.maxMessageBytes) }] : []),
];

/** A new topic's configs: the defaults of ours, overridden by its enforced ones. */
const configOf = (spec: TopicSpec): IResourceConfigEntry[] => {
  const defaults = [
    { name: 'retention.ms', value: String(spec.retentionMs ?? -1) },
    { name: MAX_MESSAGE_BYTES, value: String(TOPIC_MAX_MESSAGE_BYTES) },
  ];
  return [...new Map([...defaults, ...enforcedOf(spec)].map((entry) => [entry.name, entry])).values()];
};

/**
 * Brings existing topics to their enforced configs. AlterConfigs replaces a topic's whole set of overrides, so the
 * overrides it has (an operator's retention, say) are sent along unchanged.
 */
async function enforceConfigs(admin: Admin, specs: TopicSpec[]): Promise<void> {
  const wanted = specs.filter((spec) => enforcedOf(spec).length > 0);
  if (wanted.length === 0) return;
  const resources = (await describe(admin, wanted)).flatMap(({ spec, configEntries: current }) => {
    if (applied(spec, current)) return [];
    const enforced = enforcedOf(spec);
    const names = new Set(enforced.map((entry) => entry.name));
    const overrides = current.filter((entry) => !entry.isDefault && !entry.readOnly && !names.has(entry.configName));
    const configEntries = [...overrides.map((entry) => ({ name: entry.configName, value: entry.configValue })), ...enforced];
    return [{ type: ConfigResourceTypes.TOPIC, name: spec.topic, configEntries }];
  });
  if (resources.length === 0) return;
  await admin.alterConfigs({ validateOnly: false, resources });
  await untilApplied(admin, wanted);
}

type DescribedTopic = { spec: TopicSpec; configEntries: ConfigEntries[] };

async function describe(admin: Admin, specs: TopicSpec[]): Promise<DescribedTopic[]> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.topic })),
  });
  return specs.map((spec) => {
    const described = resources.find((resource) => resource.resourceName === spec.topic);
    // Altering with no overrides read would drop an operator's retention: better to stop.
    if (!described) throw new Error(`the broker did not describe topic ${spec.topic}`);
    return { spec, configEntries: described.configEntries };
  });
}

const applied = (spec: TopicSpec, entries: ConfigEntries[]): boolean => {
  const current = new Map(entries.map((entry) => [entry.configName, entry.configValue]));
  return enforcedOf(spec).every((entry) => current.get(entry.name) === entry.value);
};

const APPLIED_WITHIN_MS = 15_000;

/**
 * A KRaft controller answers AlterConfigs once it has committed the change; a broker applies it when its metadata
 * log catches up, so a describe right after the answer can still show the old value. topic-bootstrap.int read 16 MiB
 * on a DLQ just raised to 17 MiB once in a full test run (2026-11-30). The intake may dead-letter its largest records
 * right after its start: it starts only once the broker shows the configs they need.
 */
const untilApplied = (admin: Admin, specs: TopicSpec[]): Promise<void> =>
  whenKafkaReady(
    async () => {
      const pending = (await describe(admin, specs)).filter(({ spec, configEntries }) => !applied(spec, configEntries));
      if (pending.length === 0) return;
      const topics = pending.map(({ spec }) => spec.topic).join(', ');
      throw new KafkaUnavailableError(`topics ${topics} still show their old configs after the controller accepted the change`, true);
    },
    APPLIED_WITHIN_MS,
    { pauseMs: 100 },
  );

const SERVED_WITHIN_MS = 30_000;

/**
 * A new topic is handed over once its partitions' offsets answer, in whichever process created it. A KRaft broker
 * answers CreateTopics once the controller has committed it, before its own metadata has the topic: kafkajs's wait for
 * leaders then failed with UNKNOWN_TOPIC_OR_PARTITION (topic-bootstrap.int in CI, 2026-11-30). A process whose
 * request lost the race to create it gets no wait at all, and a broker still taking up a partition answers NOT_LEADER:
 * the scoring service exited at start on ListOffsets of the completeness topic the ingest had just created.
 */
async function untilServed(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  for (const { topic } of topics) {
    const offsets = () => kafkaCall(`offsets of new topic ${topic}`, () => admin.fetchTopicOffsets(topic));
    await whenKafkaReady(offsets, SERVED_WITHIN_MS, { pauseMs: 100 });
  }
}

/** Creates the topics that do not exist yet; existing topics keep their configs but for the enforced ones (`timestampType`, `maxMessageBytes`). */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing: ITopicConfig[] = specs
      .filter((spec) => !existing.has(spec.topic))
      .map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        configEntries: configOf(spec),
      }));
    if (missing.length > 0) {
      // Another process may create the same topics at the same moment: kafkajs takes TOPIC_ALREADY_EXISTS as done.
      await admin.createTopics({ topics: missing, waitForLeaders: false });
      await untilServed(admin, missing);
    }
    await enforceConfigs(admin, specs);
  } catch (error) {
    throw toKafkaError('topic bootstrap', error);
  } finally {
    await admin.disconnect();
  }
}

/**
 * The topics a service needs, created (or brought to their enforced configs) once Kafka answers: a service's
 * composition step, waiting up to `waitMs` (KAFKA_STARTUP_WAIT_MS) for a broker that is still starting.
 */
export const ensureTopicsWhenReady = (kafka: Kafka, topics: TopicSpec[], waitMs: number, warn?: (line: string) => void): Promise<void> =>
  whenKafkaReady(() => ensureTopics(kafka, topics), waitMs, { warn });

/** The accepted-events topic: partitioned by platform:agency, kept forever. */
export const usageEventsTopic = (topic: string): TopicSpec => ({ topic, partitions: 6 });

/**
 * Where Kafka-speaking platforms produce unvalidated events; kept a week from arrival (broker-stamped), long enough to
 * be judged; the accepted topic and the DLQ keep what comes of them forever.
 */
export const usageRawTopic = (topic: string): TopicSpec => ({ topic, partitions: 6, retentionMs: 7 * 24 * 3600 * 1000, timestampType: 'LogAppendTime' });

/**
 * Refused raw events with their reasons: kept forever, so a platform can always find out what it lost. Takes a
 * raw record of the largest size plus the reasons' headers, or that record could never be dead-lettered.
 */
export const usageDeadLetterTopic = (topic: string): TopicSpec => ({ topic, partitions: 3, maxMessageBytes: TOPIC_MAX_MESSAGE_BYTES + 1024 * 1024 });

/** Score snapshots keyed by ledger stream, so each scorecard's snapshots stay in order; kept forever, the ledger's public face. */
/** Completeness declarations, kept forever; the broker stamps each on arrival, which is when it was declared. */
export const completenessTopic = (topic: string): TopicSpec => ({ topic, partitions: 3, timestampType: 'LogAppendTime' });

/** Per HTTP batch, its verdicts counted: the board reads only recent minutes, so a week is kept, not forever. */
export const verdictsTopic = (topic: string): TopicSpec => ({ topic, partitions: 3, retentionMs: 7 * 24 * 3600 * 1000 });

export const kpiAttainmentTopic = (topic: string): TopicSpec => ({ topic, partitions: 3 });

/** Which aggregate buckets each projected batch touched: news for the scoring service and the gateway's live streams. */
export const aggregatesChangedTopic = (topic: string): TopicSpec => ({ topic, partitions: 6 });
