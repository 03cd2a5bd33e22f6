import type { z } from 'zod';
import { CompletenessBoardSchema } from './completeness.schema';
import {
  AggregateStreamFaultSchema,
  AggregateStreamQuerySchema,
  AggregateUpdateSchema,
  AttainmentBoardAnswerSchema,
  AttainmentQuerySchema,
  AttainmentStreamQuerySchema,
  GatewayErrorSchema,
  MetricTotalAnswerSchema,
  MetricTotalQuerySchema,
  NonFiniteAggregateSchema,
  ReplayGapNoticeSchema,
  TooManyStreamsSchema,
} from './gateway-api.schema';
import {
  AuditorErrorSchema,
  LedgerHistoryAnswerSchema,
  LedgerHistoryQuerySchema,
  LedgerScorecardsAnswerSchema,
  LedgerVerificationAnswerSchema,
  ScorecardsQuerySchema,
} from './auditor-api.schema';
import { ForecastsAnswerSchema, ForecastsQuerySchema } from './forecast-api.schema';
import { BucketEventsAnswerSchema, BucketEventsQuerySchema, BUCKET_EVENTS_LIMITS } from './bucket-events.schema';
import { KpiAttainmentSchema } from './kpi-attainment.schema';
import { QueryTooLargeSchema, SERIES_LIMITS, SeriesAnswerSchema, SeriesQuerySchema } from './series-api.schema';
import { DeadLetterAnswerSchema, DeadLetterQuerySchema } from './dead-letter.schema';
import { QuarantineAnswerSchema, QuarantineQuerySchema } from './quarantine.schema';
import { PipelineHealthAnswerSchema, PipelineUnavailableSchema } from './operations-api.schema';
import { adminOpenApiComponents, adminOpenApiPaths } from './admin-openapi';
import { alertComponents, alertPaths } from './alerts-openapi';
import { withAccess } from './openapi-access';
import { SessionAnswerSchema } from './session-api.schema';
import { componentSchema, healthPaths, jsonAnswer } from './openapi-parts';
import {
  AttestationRequestSchema,
  CatalogImportRequestSchema,
  StewardErrorSchema,
  StewardWriteAnswerSchema,
  TargetRevisionRequestSchema,
} from './steward-api.schema';

/** A query object's fields as OpenAPI query parameters, each with its own schema. */
const queryParameters = (query: z.ZodObject<Record<string, z.ZodType>>) =>
  Object.entries(query.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !field.safeParse(undefined).success,
    schema: componentSchema(field, 'input'),
  }));

const invalidQuery = jsonAnswer('`invalid_query`: a parameter is unknown or breaks its rule; every one at fault is listed.', 'GatewayError');
const nonFinite = jsonAnswer(
  '`non_finite_aggregate`: an aggregate the answer needs is not a finite number (a sum that overflowed a 64-bit float); ' +
    'it names the platform, metric, agency and days. ' +
    "Never answered as 0. Not the caller's fault and not cured by retrying: the events that caused it must be corrected.",
  'NonFiniteAggregate',
);
const tooManyStreams = jsonAnswer(
  '`too_many_streams`: this client (by remote address, `scope: "client"`, `GATEWAY_STREAMS_PER_CLIENT`, 20 by default) or the gateway (`scope: "gateway"`, ' +
    '`GATEWAY_STREAMS_TOTAL`, 1000) already holds as many open event streams, aggregates and attainment together, as allowed. Close one or retry later.',
  'TooManyStreams',
);
const queryTooLarge = {
  description:
    `\`invalid_query\` naming the parameter and rule (a range longer than the window allows: \`range_too_long\`; a zone not a whole number of hours ` +
    `from UTC: \`zone_not_whole_hours\`), or \`query_too_large\` naming the limit once read: more than ${SERIES_LIMITS.groups} groups ` +
    `(\`limit: "groups"\`, ask for \`top\`) or ${SERIES_LIMITS.rows} points (\`limit: "rows"\`).`,
  content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/GatewayError' }, { $ref: '#/components/schemas/QueryTooLarge' }] } } },
};
/** A server-sent events stream whose `data` is one of `components`, or a refused query, or too many streams. */
const eventStreamAnswers = (...components: string[]) => ({
  '200': {
    description: 'The stream.',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        'x-event-data': { oneOf: components.map((component) => ({ $ref: `#/components/schemas/${component}` })) },
      },
    },
  },
  '400': invalidQuery,
  '429': tooManyStreams,
});

const checksumHeader = {
  'X-Content-SHA256': { description: 'CSV and NDJSON only: the sha256 (hex) of every line but the trailer, as the trailer says', schema: { type: 'string' } },
};

const auditorUnavailable = jsonAnswer(
  '`ledger_unavailable` (or `clickhouse_unavailable` for scorecards): the store could not be read; the other endpoints keep working.',
  'AuditorError',
);

const jsonBody = (component: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } } });
const stewardRefused = jsonAnswer('`invalid_request` (400) or `refused` (422, a change the catalog rules refuse): nothing was recorded.', 'StewardError');
const staleVersion = jsonAnswer(
  '`stale_version`: the stream changed since the version read; `currentVersion` names its version now. Nothing was recorded.',
  'StewardError',
);
const stewardWrite = { '400': stewardRefused, '422': stewardRefused, '503': auditorUnavailable };

/** The OpenAPI 3.1 document of the gateway's HTTP API, built from the zod schemas it validates and answers with; who may call what, from ACCESS_MATRIX. */
export function gatewayOpenApi() {
  return withAccess(gatewayDocument(), 'gateway');
}

function gatewayDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'govmetrics gateway',
      version: '1.0.0',
      description:
        'What operators read: usage aggregates from ClickHouse, and KPI attainment as the scoring service records it, once or live. ' +
        "What auditors read: scorecards as of a past day, the governance ledger's verification and history. " +
        "What stewards write: catalog imports, target revisions and attestations, recorded as the token's subject. " +
        "What admins keep: platforms' API keys and bearer tokens, issued and revoked as the token's subject. " +
        'Every call but /health needs a bearer token (docs/security.md).',
    },
    paths: {
      '/v1/aggregates/total': {
        get: {
          operationId: 'metricTotal',
          summary: 'The total of one metric, optionally for one agency and a range of Bangkok days',
          parameters: queryParameters(MetricTotalQuerySchema),
          responses: { '200': jsonAnswer('The total and how many events made it.', 'MetricTotalAnswer'), '400': invalidQuery, '500': nonFinite },
        },
      },
      '/v1/series': {
        get: {
          operationId: 'series',
          summary: "Operators and auditors: one metric's statistic per hour, day, week, month, quarter or Thai fiscal year, per group",
          description:
            'Windows cut by the calendar of `zone` (IANA, Asia/Bangkok by default; only zones a whole number of hours from UTC, because the ' +
            'finest aggregate is per UTC hour); `from`..`to` are days of that zone, inclusive, and the first and last windows are clipped to them. ' +
            'A fiscal year starts on 1 October and is labelled by its Buddhist-era year (FY2564: 2020-10-01 to 2021-09-30). ' +
            'Only windows with events have a point. `group_by=agency` or `dimension:<name>` (`""`: events without it); `top=N`: the N groups ' +
            'with the highest value over the whole range. ' +
            `Days per query: ${Object.entries(SERIES_LIMITS.days)
              .map(([window, days]) => `${window} ${days}`)
              .join(', ')}; ` +
            `at most ${SERIES_LIMITS.groups} groups and ${SERIES_LIMITS.rows} points. ` +
            '`format=csv|ndjson` (or Accept: text/csv, application/x-ndjson) gives one row per point and a trailer line with the sha256 of the lines ' +
            'before it (CSV: `# sha256=<hex> rows=<n>`; NDJSON: `{"sha256": "<hex>", "rows": <n>}`).',
          parameters: queryParameters(SeriesQuerySchema),
          responses: {
            '200': {
              description: 'The series.',
              headers: checksumHeader,
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/SeriesAnswer' } },
                'text/csv': { schema: { type: 'string' } },
                'application/x-ndjson': { schema: { type: 'string' } },
              },
            },
            '400': queryTooLarge,
            '500': nonFinite,
          },
        },
      },
      '/v1/buckets/events': {
        get: {
          operationId: 'bucketEvents',
          summary: 'Operators and auditors: the events behind one (platform, metric, agency, Bangkok day) bucket, a page at a time',
          description:
            'Each event with its id, source, time, value, dimensions, Kafka partition and offset and when it was projected; the entity only as the ' +
            "HMAC pseudonym the contract admits (anything else is null). `bucket` holds the bucket's value of `statistic` as /v1/series reads it. " +
            `Pages of \`limit\` events (${BUCKET_EVENTS_LIMITS.defaultPage} unless asked, at most ${BUCKET_EVENTS_LIMITS.maxPage}) in event time order; ` +
            '`nextCursor` asks for the next, null on the last.',
          parameters: queryParameters(BucketEventsQuerySchema),
          responses: { '200': jsonAnswer('A page of events.', 'BucketEventsAnswer'), '400': invalidQuery, '500': nonFinite },
        },
      },
      '/v1/aggregates/stream': {
        get: {
          operationId: 'aggregateStream',
          summary: "Server-sent events: each daily bucket of a platform's aggregates, as the projector changes it",
          description:
            "`event: aggregate` carries an `AggregateUpdate` as `data`: a (platform, metric, agency, Bangkok day) bucket's current total and event count, " +
            'and the newest announcement (`usage.aggregates.changed.v1` topic, partition, lastOffset) that touched it. Announcements within one tick ' +
            "(`GATEWAY_AGGREGATE_TICK_MS`) cost one read and one event per bucket; a bucket's event count only rises along a stream. Streams with the " +
            "same filter share that read. `event: aggregate_error` carries an `AggregateStreamFault` instead when the bucket's sum is not finite. " +
            '`event: heartbeat` (`data: {"at": <time>}`) comes while nothing moves. Only changes after the stream opened are sent. ' +
            'Every event has an `id` (`<gateway>-<sequence>`, heartbeats the last one sent): ' +
            'a client reconnecting with `Last-Event-ID` (or `last_event_id=`) first gets ' +
            'the events of its filter it missed, or `event: replay_gap` (`ReplayGapNotice`) when the gateway no longer holds them (the newest ' +
            '`GATEWAY_REPLAY_EVENTS` per filter, kept `GATEWAY_REPLAY_LINGER_MS` after its last stream; not across restarts or replicas): it then ' +
            're-reads `/v1/aggregates/total` or `/v1/series`.',
          parameters: queryParameters(AggregateStreamQuerySchema),
          responses: eventStreamAnswers('AggregateUpdate', 'AggregateStreamFault', 'ReplayGapNotice'),
        },
      },
      '/v1/attainment': {
        get: {
          operationId: 'attainmentBoard',
          summary: "Each scorecard's newest score snapshot",
          parameters: queryParameters(AttainmentQuerySchema),
          responses: { '200': jsonAnswer('The board, ordered by ledger stream.', 'AttainmentBoardAnswer'), '400': invalidQuery },
        },
      },
      '/v1/attainment/stream': {
        get: {
          operationId: 'attainmentStream',
          summary: "Server-sent events: each scorecard's newest snapshot, then every newer one",
          description:
            '`event: attainment` carries a `KpiAttainment` as `data`, with `id: <gateway>-<sequence>` (the board in the order its snapshots came); ' +
            'revisions only go up per ledger stream. `event: heartbeat` (`data: {"at": <time>}`, the last id) comes while nothing moves. A client ' +
            'reconnecting with `Last-Event-ID` (or `last_event_id=`) gets the snapshots it missed instead of the board, ' +
            'or `event: replay_gap` (`ReplayGapNotice`) and ' +
            'the board when the gateway no longer holds them (the newest `GATEWAY_REPLAY_EVENTS`; not across restarts or replicas).',
          parameters: queryParameters(AttainmentStreamQuerySchema),
          responses: eventStreamAnswers('KpiAttainment', 'ReplayGapNotice'),
        },
      },
      '/v1/scorecards': {
        get: {
          operationId: 'scorecardsAsOf',
          summary: "Auditors: the scorecards as of a past Bangkok day, from the aggregates and the ledger's catalog in force that day",
          description:
            "What `score --ledger URL --as-of D [--known-at T] --json` prints: every indicator's actual, target, method and score, the reconciliation " +
            'findings, and the catalog version used (`catalogVersion`: the same `as-of` and `known-at` give the same digest). A revision effective after ' +
            '`as-of` does not change the answer; `known-at` gives the catalog as the ledger stood at that instant. Read-only.',
          parameters: queryParameters(ScorecardsQuerySchema),
          responses: {
            '200': jsonAnswer('The scorecards and findings.', 'LedgerScorecardsAnswer'),
            '400': invalidQuery,
            '404': jsonAnswer('`unknown_catalog`: the ledger holds no such catalog in force on that day.', 'AuditorError'),
            '500': nonFinite,
            '503': auditorUnavailable,
          },
        },
      },
      '/v1/forecasts': {
        get: {
          operationId: 'forecastsAsOf',
          summary: "Every scorecard forecast to its period's end as of a Bangkok day, from the aggregates and the ledger's catalog in force that day",
          description:
            "What `forecast at --ledger URL --as-of D` prints, by the default method (the one forecast alert rules judge): each measure's actual on " +
            'the forecast day, its period-end actual and score with an interval, status, the last day its target is reachable and its pace; each ' +
            "node's score and worst status; and the catalog version used. A target revised with an effective day moves the answer for forecast days " +
            'from that day on, never before it (docs/foresight.md). Reads every day of the period so far: seconds, not milliseconds. Read-only.',
          parameters: queryParameters(ForecastsQuerySchema),
          responses: {
            '200': jsonAnswer('The forecast.', 'ForecastsAnswer'),
            '400': jsonAnswer("`invalid_query`: a parameter is unknown or breaks its rule, or `as-of` is not a day of the catalog's period.", 'GatewayError'),
            '404': jsonAnswer('`unknown_catalog`: the ledger holds no such catalog in force on that day.', 'AuditorError'),
            '500': nonFinite,
            '503': auditorUnavailable,
          },
        },
      },
      '/v1/ledger/verify': {
        get: {
          operationId: 'ledgerVerify',
          summary: "Auditors: every hash chain of the ledger, each stream's head, or the first broken link",
          description:
            'What `ledger verify --json` prints. A broken chain is a finding about the data, so it is answered `200` with `ok: false` and `firstBreak` ' +
            '(stream, revision, position, reason); only an unreadable ledger is an error (`503`). Without anchors a deleted stream tail is not visible: ' +
            'keep the heads of an earlier answer and compare them with `ledger verify --anchors`.',
          parameters: [],
          responses: { '200': jsonAnswer('The verdict.', 'LedgerVerificationAnswer'), '400': invalidQuery, '503': auditorUnavailable },
        },
      },
      '/v1/ledger/history': {
        get: {
          operationId: 'ledgerHistory',
          summary: 'Auditors: who changed what in the catalog, when, effective from which day, and why',
          description: 'What `ledger history [ID] --json` prints, in ledger order: definitions, target revisions and attested values with their chain links.',
          parameters: queryParameters(LedgerHistoryQuerySchema),
          responses: {
            '200': jsonAnswer('The changes.', 'LedgerHistoryAnswer'),
            '400': invalidQuery,
            '404': jsonAnswer('`unknown_catalog` or `unknown_indicator`: the ledger holds no change of it.', 'AuditorError'),
            '503': auditorUnavailable,
          },
        },
      },
      '/v1/quarantine': {
        get: {
          operationId: 'quarantine',
          summary: 'Operators and platforms: records a consumer set aside after the contract accepted them, and why',
          description:
            'Records the projector or the scoring service could not process because of their own data (ClickHouse refused them, or they are not events or ' +
            "announcements at all), kept on `usage.quarantine.v1`: counts per reason over all of them (or the platform's), and the newest `limit` first. " +
            'An entry says where the record is, why, its key and the platform, source and id it claims; never the rest of its value. ' +
            '`npm run -s cli -- quarantine replay` sends one back after the cause is removed (docs/projector.md).',
          parameters: queryParameters(QuarantineQuerySchema),
          responses: { '200': jsonAnswer('The quarantine.', 'QuarantineAnswer'), '400': invalidQuery },
        },
      },
      '/v1/dead-letters': {
        get: {
          operationId: 'deadLetters',
          summary: 'Operators and platforms: raw-topic records the validator refused, with every rule they broke',
          description:
            "Records on `usage.raw.v1` the raw-intake validator refused, kept on `usage.dlq.v1`: counts per first rule over all of them (or the platform's), " +
            'and the newest `limit` first (at most 1,000 a page). A platform token must ask with `platform=` its own; an operator sees all, or one platform. ' +
            'An entry says where the record is, its rejections (bounded like the DLQ headers), and the source and id it claims; never its value. ' +
            'The gateway keeps the newest `keptPerPlatform` of each platform (`DEAD_LETTERS_KEPT_PER_PLATFORM`); older ones stay counted and on the topic.',
          parameters: queryParameters(DeadLetterQuerySchema),
          responses: { '200': jsonAnswer('The dead letters.', 'DeadLetterAnswer'), '400': invalidQuery },
        },
      },
      '/v1/operations/pipeline': {
        get: {
          operationId: 'pipelineHealth',
          summary:
            "Operators: the pipeline's health as the gateway sees it: consumer lag per partition, freshness, verdicts per platform and minute, " +
            'dead letters, quarantine',
          description:
            'Computed at most once per `PIPELINE_READ_INTERVAL_MS` (2 s) and shared by every request meanwhile: ' +
            "the projector's and the scoring service's committed offsets against each partition's end offset (from the broker), " +
            "the newest event time and write time in the read model (ClickHouse), the accepted-events topic (from the gateway's start) " +
            'and the dead-letter and quarantine topics as the gateway follows them. ' +
            "The HTTP ingest's duplicate and rejected verdicts are only in its answers and its metrics (`govmetrics_ingest_verdicts_total`).",
          responses: {
            '200': jsonAnswer('The figures.', 'PipelineHealthAnswer'),
            '503': jsonAnswer('`pipeline_unavailable`: the broker or ClickHouse could not be read (`source` says which).', 'PipelineUnavailable'),
          },
        },
      },
      '/v1/operations/completeness': {
        get: {
          operationId: 'completenessBoard',
          summary: "Operators: each platform's declared completeness per metric: complete-through day, missing days, last event time, late events",
          description:
            'Declarations are followed on `usage.completeness.v1`; the last event time and the late events (projected after their day was declared complete, ' +
            'still counted) are read from the read model (ClickHouse), at most once per `PIPELINE_READ_INTERVAL_MS` (2 s), the answer shared by every ' +
            'request meanwhile. Every metric of the platform catalog is listed, declared or not.',
          responses: {
            '200': jsonAnswer('One status per platform, metric and declared agency.', 'CompletenessBoard'),
            '503': jsonAnswer('`pipeline_unavailable`: ClickHouse could not be read.', 'PipelineUnavailable'),
          },
        },
      },
      '/v1/catalog/import': {
        post: {
          operationId: 'catalogImport',
          summary: "Stewards: record a KPI catalog file (and its attested values) in the ledger, as the token's subject; the same file again records nothing",
          requestBody: jsonBody('CatalogImportRequest'),
          responses: { '200': jsonAnswer('How many events were recorded, as whom.', 'StewardWriteAnswer'), ...stewardWrite },
        },
      },
      '/v1/targets/{indicator}/revisions': {
        post: {
          operationId: 'reviseTarget',
          summary: "Stewards: a revised target from `effective`, recorded only if the indicator's stream is still at `expectedVersion`",
          parameters: [{ name: 'indicator', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: jsonBody('TargetRevisionRequest'),
          responses: { '201': jsonAnswer('The stream and its new version, as whom.', 'StewardWriteAnswer'), '409': staleVersion, ...stewardWrite },
        },
      },
      '/v1/attestations': {
        post: {
          operationId: 'attest',
          summary: 'Stewards: an attested value with its evidence (with `expectedVersion`, only if the stream is still at it)',
          requestBody: jsonBody('AttestationRequest'),
          responses: { '201': jsonAnswer('The stream and its new version, as whom.', 'StewardWriteAnswer'), '409': staleVersion, ...stewardWrite },
        },
      },
      ...alertPaths(),
      '/v1/session': {
        get: {
          operationId: 'session',
          summary: 'Any token: its subject, its roles and the gateway routes they admit (the console shows only the actions listed)',
          responses: { '200': jsonAnswer('Who the token is and what it may call.', 'SessionAnswer') },
        },
      },
      ...adminOpenApiPaths(),
      ...healthPaths(
        'Ready: ClickHouse answers and both live feeds are caught up (the attainment board read to the end, the announcements followed). ' +
          'Open to anyone as `{"status": "ok"}`; an operator (or admin) token also gets the checks: ' +
          '`{"status": "ok", "scorecards": <on the attainment board>, "checks": {"clickhouse": "ok", "ledger": "ok", ' +
          '"attainmentFeed": "caught_up", "aggregatesFeed": "caught_up"}}`; ' +
          '`"status": "degraded"` with `"ledger": "unavailable"` and the reason when only the ledger (the auditor endpoints) cannot be read.',
        '`clickhouse_unavailable`: aggregate queries would fail; `feeds_not_caught_up`: a live feed is still catching up or detached.',
      ),
    },
    components: {
      schemas: {
        MetricTotalAnswer: componentSchema(MetricTotalAnswerSchema, 'output'),
        SeriesAnswer: componentSchema(SeriesAnswerSchema, 'output'),
        QueryTooLarge: componentSchema(QueryTooLargeSchema, 'output'),
        BucketEventsAnswer: componentSchema(BucketEventsAnswerSchema, 'output'),
        AggregateUpdate: componentSchema(AggregateUpdateSchema, 'output'),
        AttainmentBoardAnswer: componentSchema(AttainmentBoardAnswerSchema, 'output'),
        KpiAttainment: componentSchema(KpiAttainmentSchema, 'output'),
        GatewayError: componentSchema(GatewayErrorSchema, 'output'),
        NonFiniteAggregate: componentSchema(NonFiniteAggregateSchema, 'output'),
        AggregateStreamFault: componentSchema(AggregateStreamFaultSchema, 'output'),
        TooManyStreams: componentSchema(TooManyStreamsSchema, 'output'),
        ReplayGapNotice: componentSchema(ReplayGapNoticeSchema, 'output'),
        LedgerScorecardsAnswer: componentSchema(LedgerScorecardsAnswerSchema, 'output'),
        ForecastsAnswer: componentSchema(ForecastsAnswerSchema, 'output'),
        LedgerVerificationAnswer: componentSchema(LedgerVerificationAnswerSchema, 'output'),
        LedgerHistoryAnswer: componentSchema(LedgerHistoryAnswerSchema, 'output'),
        AuditorError: componentSchema(AuditorErrorSchema, 'output'),
        QuarantineAnswer: componentSchema(QuarantineAnswerSchema, 'output'),
        DeadLetterAnswer: componentSchema(DeadLetterAnswerSchema, 'output'),
        PipelineHealthAnswer: componentSchema(PipelineHealthAnswerSchema, 'output'),
        PipelineUnavailable: componentSchema(PipelineUnavailableSchema, 'output'),
        CompletenessBoard: componentSchema(CompletenessBoardSchema, 'output'),
        CatalogImportRequest: componentSchema(CatalogImportRequestSchema, 'input'),
        TargetRevisionRequest: componentSchema(TargetRevisionRequestSchema, 'input'),
        AttestationRequest: componentSchema(AttestationRequestSchema, 'input'),
        StewardWriteAnswer: componentSchema(StewardWriteAnswerSchema, 'output'),
        StewardError: componentSchema(StewardErrorSchema, 'output'),
        ...adminOpenApiComponents(),
        ...alertComponents(),
        SessionAnswer: componentSchema(SessionAnswerSchema, 'output'),
      },
    },
  };
}
