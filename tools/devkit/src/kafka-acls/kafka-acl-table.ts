import { LEDGER_HEADS_TOPIC, TOPICS } from '@govmetrics/contracts';

/** What a grant lets a principal do; READ and WRITE imply DESCRIBE on the broker. */
export type KafkaOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS';

export interface KafkaGrant {
  resource: 'topic' | 'group' | 'transactional-id';
  /** `prefixed` matches every name that starts with `name`. */
  pattern: 'literal' | 'prefixed';
  name: string;
  operations: readonly KafkaOperation[];
  why: string;
}

export interface KafkaPrincipalGrants {
  /** The SCRAM user name; the broker's principal is `User:<principal>`. */
  principal: string;
  grants: readonly KafkaGrant[];
}

const topic = (name: string, operations: readonly KafkaOperation[], why: string): KafkaGrant => ({
  resource: 'topic',
  pattern: 'literal',
  name,
  operations,
  why,
});
const group = (name: string, pattern: KafkaGrant['pattern'], why: string): KafkaGrant => ({ resource: 'group', pattern, name, operations: ['READ'], why });
/** Reading a group's committed offsets without the right to join it or commit for it. */
const describeGroup = (name: string, why: string): KafkaGrant => ({ resource: 'group', pattern: 'literal', name, operations: ['DESCRIBE'], why });

/**
 * Each service's grants under the services' default topic names, group ids and transactional ids (a deployment that
 * overrides one of those env vars must grant the new name). `ensureTopics` at start lists its topics (DESCRIBE) and
 * reads the enforced configs (DESCRIBE_CONFIGS); the topics themselves are created by the admin beforehand.
 */
export const SERVICE_GRANTS: readonly KafkaPrincipalGrants[] = [
  {
    principal: 'ingest',
    grants: [
      topic(TOPICS.usageEvents, ['WRITE'], 'accepted events, HTTP and raw intake'),
      topic(TOPICS.usageRaw, ['READ', 'DESCRIBE_CONFIGS'], 'the raw-intake validator reads platforms’ records'),
      topic(TOPICS.usageDlq, ['WRITE', 'DESCRIBE_CONFIGS'], 'refused raw records'),
      topic(TOPICS.completeness, ['WRITE', 'DESCRIBE_CONFIGS'], 'completeness declarations over HTTP'),
      topic(TOPICS.verdicts, ['WRITE'], 'each HTTP batch’s verdict summary'),
      group('ingest-validator', 'literal', 'RAW_INTAKE_GROUP_ID; its offsets commit inside the relay’s transaction'),
      {
        resource: 'transactional-id',
        pattern: 'prefixed',
        name: 'ingest-',
        operations: ['WRITE'],
        why: 'INGEST_TRANSACTIONAL_ID_PREFIX (by default ingest-HOST-PORT) and the relay’s ingest-validator-relay-PARTITION',
      },
    ],
  },
  {
    principal: 'projector',
    grants: [
      topic(TOPICS.usageEvents, ['READ'], 'the fact stream it projects'),
      group('govmetrics-projector', 'literal', 'PROJECTOR_GROUP_ID'),
      topic(TOPICS.aggregatesChanged, ['WRITE'], 'which buckets a batch touched'),
      topic(TOPICS.quarantine, ['WRITE'], 'records it cannot project'),
    ],
  },
  {
    principal: 'scoring',
    grants: [
      topic(TOPICS.aggregatesChanged, ['READ'], 'what moved'),
      group('govmetrics-scoring', 'literal', 'SCORING_GROUP_ID'),
      topic(TOPICS.kpiAttainment, ['WRITE'], 'changed scores'),
      topic(LEDGER_HEADS_TOPIC, ['WRITE'], 'signed ledger heads'),
      topic(TOPICS.quarantine, ['WRITE'], 'announcements it cannot read'),
      topic(TOPICS.completeness, ['READ'], 'which inputs are complete: provisional scores'),
      group('scoring-completeness-', 'prefixed', 'its completeness tail’s throw-away groups'),
      topic(TOPICS.usageEvents, ['DESCRIBE'], "end offsets for the projector's lag, which bounds what platform-silent rules judge"),
      describeGroup('govmetrics-projector', "PROJECTOR_GROUP_ID's committed offsets, for its lag"),
    ],
  },
  {
    principal: 'gateway',
    grants: [
      topic(TOPICS.aggregatesChanged, ['READ'], 'live aggregate streams'),
      topic(TOPICS.kpiAttainment, ['READ'], 'live attainment'),
      topic(TOPICS.quarantine, ['READ'], 'GET /v1/quarantine'),
      topic(LEDGER_HEADS_TOPIC, ['READ'], 'signed heads for /v1/ledger/verify'),
      topic(TOPICS.usageDlq, ['READ'], 'dead letters counted for GET /v1/operations/pipeline'),
      topic(TOPICS.completeness, ['READ'], 'GET /v1/operations/completeness'),
      topic(TOPICS.verdicts, ['READ'], 'HTTP rejections and duplicates counted for GET /v1/operations/pipeline'),
      topic(TOPICS.usageEvents, ['READ'], "accepted events counted per platform and minute, and the end offsets for the projector's lag"),
      describeGroup('govmetrics-projector', "PROJECTOR_GROUP_ID's committed offsets, for its lag"),
      describeGroup('govmetrics-scoring', "SCORING_GROUP_ID's committed offsets, for its lag"),
      group('gateway-', 'prefixed', 'its tails’ throw-away groups (gateway-aggregates-…, gateway-attainment-…)'),
    ],
  },
];

/** People's principals: an auditor checks the ledger against the signed heads with `ledger verify --heads-topic`. */
export const AUDITOR_GRANTS: KafkaPrincipalGrants = {
  principal: 'auditor',
  grants: [topic(LEDGER_HEADS_TOPIC, ['READ'], 'ledger verify --heads-topic'), group('ledger-verify-', 'prefixed', 'the verification’s throw-away groups')],
};

/**
 * The CLI's principals, one per use so that neither holds the other's rights. `rebuild` (and `quarantine list`) only
 * read: an auditor checking the read model against the log can write nothing. `quarantine replay` re-sends records,
 * unchanged, to the topic they were quarantined from: the projector's (usage.events.v1) and the scoring service's
 * announcements; it is the only principal besides the ingest that writes usage.events.v1, so it is an operator's,
 * handed out for a replay after a fix.
 */
export const CLI_GRANTS: readonly KafkaPrincipalGrants[] = [
  {
    principal: 'cli-rebuild',
    grants: [
      topic(TOPICS.usageEvents, ['READ'], 'rebuild replays the fact stream from its first offset'),
      group('rebuild-', 'prefixed', 'the rebuild’s throw-away groups (rebuild-TARGET), which commit nothing'),
      topic(TOPICS.quarantine, ['READ'], 'the records the live projector quarantined, which the rebuild skips; quarantine list'),
      group('quarantine-read-', 'prefixed', 'the quarantine’s throw-away reading groups'),
    ],
  },
  {
    principal: 'cli-quarantine-replay',
    grants: [
      topic(TOPICS.quarantine, ['READ'], 'the records to replay'),
      group('quarantine-read-', 'prefixed', 'the quarantine’s throw-away reading groups'),
      topic(TOPICS.usageEvents, ['WRITE'], 'quarantine replay: the projector’s quarantined records, back to their partition'),
      topic(TOPICS.aggregatesChanged, ['WRITE'], 'quarantine replay: the scoring service’s quarantined announcements'),
    ],
  },
];

/** A Kafka-speaking platform's principal name. */
export const platformPrincipal = (platformId: string): string => `platform-${platformId}`;

/**
 * A platform may write raw events (the validator decides what reaches usage.events.v1) and its completeness
 * declarations (readers skip a record that breaks the contract); nothing else.
 */
export const platformGrants = (platformId: string): KafkaPrincipalGrants => ({
  principal: platformPrincipal(platformId),
  grants: [
    topic(TOPICS.usageRaw, ['WRITE'], 'unvalidated events for the raw-intake validator'),
    topic(TOPICS.completeness, ['WRITE'], '“day D is complete for metric M” declarations'),
  ],
});

/** Every principal's grants: the one table the ACL script applies, the docs print and the secured-broker test checks. */
export const kafkaAclTable = (platformIds: readonly string[]): KafkaPrincipalGrants[] => [
  ...SERVICE_GRANTS,
  AUDITOR_GRANTS,
  ...CLI_GRANTS,
  ...platformIds.map(platformGrants),
];

/** The super user that creates topics and applies ACLs; no service runs as it. */
export const KAFKA_ADMIN_PRINCIPAL = 'admin';
