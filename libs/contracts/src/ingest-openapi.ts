import { COMPLETENESS_RULES, CompletenessAnswerSchema, CompletenessRequestSchema, MAX_DECLARATIONS_PER_REQUEST } from './completeness.schema';
import { EVENT_NOT_ACCEPTED_RULE, EventRecordSchema } from './event-record.schema';
import { IngestAnswerSchema, IngestErrorSchema } from './ingest-api.schema';
import { componentSchema, healthPath, jsonAnswer } from './openapi-parts';
import { UsageEventSchema } from './usage-event.schema';

const errorAnswer = (description: string, headers?: Record<string, unknown>) => jsonAnswer(description, 'IngestError', headers);

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before sending the same batch again.', schema: { type: 'integer', minimum: 1 } } };

/** The OpenAPI 3.1 document of the ingest HTTP API, built from the same zod schemas the service answers with. */
export function ingestOpenApi(limits: { maxEventsPerBatch: number; maxBatchBytes: number }) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'govmetrics ingest',
      version: '1.0.0',
      description:
        'Usage events from platform teams. A 200 means every event answered `accepted` is durable in Kafka; ' +
        '`duplicate` means an event with the same (source, id) was accepted before and is not counted again.',
    },
    paths: {
      '/v1/events': {
        post: {
          operationId: 'recordUsageEvents',
          summary: `Send a batch of at most ${limits.maxEventsPerBatch} usage events (${limits.maxBatchBytes} bytes)`,
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'array', minItems: 1, maxItems: limits.maxEventsPerBatch, items: { $ref: '#/components/schemas/UsageEvent' } },
              },
              'application/x-ndjson': {
                schema: { type: 'string', description: 'One usage event per line; a line that is not JSON is rejected with rule `invalid_json`.' },
              },
            },
          },
          responses: {
            '200': jsonAnswer(
              'Every event answered, in order; a rejected one names the path and rule it broke (`unassessable` when it could not be judged at all).',
              'IngestAnswer',
            ),
            '400': errorAnswer(
              '`invalid_batch`: the body is not a JSON array, not NDJSON, or empty. ' +
                '`malformed_request`: the request is not valid HTTP/1.1 (the connection is closed).',
            ),
            '401': errorAnswer(
              '`unauthorized`: no API key, or an unknown one. ' +
                'Answered as soon as the headers have arrived, without reading the body, and the connection is closed; ' +
                "each counts against the address's failed authentications (see 429).",
            ),
            '403': errorAnswer(
              "`forbidden`: a valid token whose roles do not include `platform` (an operator's, say): " +
                'it may not send events. Not counted as a failed authentication.',
            ),
            '408': errorAnswer(
              '`request_timeout`: the headers did not arrive within the headers timeout, ' +
                'or the whole request within the request timeout (both from its first byte); ' +
                'the connection is closed. Nothing of the batch was accepted.',
            ),
            '413': errorAnswer('`batch_too_large`: more events or bytes than the documented limits.'),
            '429': errorAnswer(
              "`rate_limited`: the key's event budget is spent, " +
                "or the remote address's request budget, or the address has failed authentication too often " +
                '(then every request from it is refused until the budget refills, valid key or not). ' +
                'Nothing of the batch was accepted.',
              retryAfter,
            ),
            '431': errorAnswer('`headers_too_large`: the request headers are larger than the server reads; the connection is closed.'),
            '503': errorAnswer('`log_unavailable`: Kafka or the idempotency store is unreachable; nothing of the batch was accepted.', retryAfter),
          },
        },
      },
      '/v1/events/{id}': {
        get: {
          operationId: 'readEventRecord',
          summary: "What the ingest recorded for one of the caller's own events: accepted (when, content digest) or unknown",
          security: [{ apiKey: [] }],
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'source',
              in: 'query',
              required: false,
              description: "The event's source: the platform's URN (the default) or an instance under it; another platform's is refused.",
              schema: { type: 'string', maxLength: 256 },
            },
          ],
          responses: {
            '200': jsonAnswer('The event was accepted: durable in Kafka since `acceptedAt`.', 'EventRecord'),
            '400': errorAnswer('`invalid_query`: an unknown query parameter, or a `source` longer than 256 characters; each listed with its rule.'),
            '401': errorAnswer('`unauthorized`: no API key or token, or an unknown one.'),
            '403': errorAnswer(
              '`forbidden`: a token without the `platform` role, or a `source` of another platform (rule `source_not_of_platform`): ' +
                "the caller's credential binds its platform.",
            ),
            '404': errorAnswer(
              `\`unknown_event\`: no acceptance of this (source, id) is recorded (rule \`${EVENT_NOT_ACCEPTED_RULE}\`): ` +
                'never sent, only rejected (rejections are not kept), or its batch is still being answered.',
            ),
            '429': errorAnswer("`rate_limited`: the remote address's request budget or failed authentications.", retryAfter),
            '503': errorAnswer('`log_unavailable`: the idempotency store (PostgreSQL) is unreachable.', retryAfter),
          },
        },
      },
      '/v1/completeness': {
        post: {
          operationId: 'declareCompleteness',
          summary: `Declare Bangkok days complete for a metric: at most ${MAX_DECLARATIONS_PER_REQUEST} declarations of the caller's own platform`,
          description:
            'Each declaration says every event of the metric for that day (for one agency, or all when `agency` is absent) has been sent. ' +
            'Kept on `usage.completeness.v1` forever; declaring a day again changes nothing, and an earlier day may follow a later one ' +
            '(complete through a day = the unbroken run of declared days). Events still arriving for a declared day are counted and shown as late.',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CompletenessRequest' } } },
          },
          responses: {
            '200': jsonAnswer('Every declaration is durable in Kafka since `declaredAt`.', 'CompletenessAnswer'),
            '400': errorAnswer(
              `\`invalid_declaration\`: the body is not a JSON array of 1 to ${MAX_DECLARATIONS_PER_REQUEST} declarations, ` +
                'or one breaks the contract, names a metric the platform catalog does not list for the platform ' +
                `(rule \`${COMPLETENESS_RULES.unknownMetric}\`) or a day not yet begun in Bangkok (rule \`${COMPLETENESS_RULES.dayInFuture}\`); ` +
                'each fault listed with its JSON path. Nothing was recorded.',
            ),
            '401': errorAnswer('`unauthorized`: no API key or token, or an unknown one.'),
            '403': errorAnswer(
              `\`forbidden\`: a token without the \`platform\` role, or a declaration for another platform (rule \`${COMPLETENESS_RULES.platformNotOwn}\`).`,
            ),
            '429': errorAnswer("`rate_limited`: the remote address's request budget or failed authentications.", retryAfter),
            '503': errorAnswer('`log_unavailable`: Kafka is unreachable; nothing was recorded.', retryAfter),
          },
        },
      },
      '/health': healthPath(
        'Ready: Kafka (the accepted-events topic has a leader for every partition) and the claim store in PostgreSQL answer. ' +
          '`{"status": "ok", "checks": {"kafka": "ok", "postgres": "ok"}}`; ' +
          'checked at most once a second.',
        {
          '503': { description: '`dependency_unavailable`: `failed` names each dependency that did not answer (`kafka`, `postgres`), `checks` says why.' },
          '429': errorAnswer(
            '`rate_limited`: the remote address has spent its request budget (every route shares it), or its failed authentications.',
            retryAfter,
          ),
        },
      ),
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: "A platform's API key: `Authorization: Bearer <key>`." } },
      schemas: {
        UsageEvent: componentSchema(UsageEventSchema, 'input'),
        IngestAnswer: componentSchema(IngestAnswerSchema, 'output'),
        EventRecord: componentSchema(EventRecordSchema, 'output'),
        IngestError: componentSchema(IngestErrorSchema, 'output'),
        CompletenessRequest: componentSchema(CompletenessRequestSchema, 'input'),
        CompletenessAnswer: componentSchema(CompletenessAnswerSchema, 'output'),
      },
    },
  };
}
