import type { z } from 'zod';
import { AggregateStreamQuerySchema, AggregateUpdateSchema, AttainmentBoardAnswerSchema, AttainmentQuerySchema, GatewayErrorSchema, MetricTotalAnswerSchema, MetricTotalQuerySchema } from './gateway-api.schema';
import { KpiAttainmentSchema } from './kpi-attainment.schema';
import { componentSchema, jsonAnswer } from './openapi-parts';

/** A query object's fields as OpenAPI query parameters, each with its own schema. */
const queryParameters = (query: z.ZodObject<Record<string, z.ZodType>>) =>
  Object.entries(query.shape).map(([name, field]) => ({ name, in: 'query', required: !field.safeParse(undefined).success, schema: componentSchema(field, 'input') }));

const invalidQuery = jsonAnswer('`invalid_query`: a parameter is unknown or breaks its rule; every one at fault is listed.', 'GatewayError');

/** The OpenAPI 3.1 document of the gateway's HTTP API, built from the zod schemas it validates and answers with. */
export function gatewayOpenApi() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'govmetrics gateway',
      version: '1.0.0',
      description: 'What operators read: usage aggregates from ClickHouse, and KPI attainment as the scoring service records it, once or live.',
    },
    paths: {
      '/v1/aggregates/total': {
        get: {
          operationId: 'metricTotal',
          summary: 'The total of one metric, optionally for one agency and a range of Bangkok days',
          parameters: queryParameters(MetricTotalQuerySchema),
          responses: { '200': jsonAnswer('The total and how many events made it.', 'MetricTotalAnswer'), '400': invalidQuery },
        },
      },
      '/v1/aggregates/stream': {
        get: {
          operationId: 'aggregateStream',
          summary: "Server-sent events: each daily bucket of a platform's aggregates, as the projector changes it",
          description:
            '`event: aggregate` carries an `AggregateUpdate` as `data`: a (platform, metric, agency, Bangkok day) bucket\'s current total and event count, ' +
            'and the newest announcement (`usage.aggregates.changed.v1` topic, partition, lastOffset) that touched it. Announcements within one tick ' +
            '(`GATEWAY_AGGREGATE_TICK_MS`) cost one read and one event per bucket; a bucket\'s event count only rises along a stream. ' +
            '`event: heartbeat` (`data: {"at": <time>}`) comes while nothing moves. Only changes after the stream opened are sent; ' +
            'a reconnecting client starts from `/v1/aggregates/total`.',
          parameters: queryParameters(AggregateStreamQuerySchema),
          responses: {
            '200': { description: 'The stream.', content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': { $ref: '#/components/schemas/AggregateUpdate' } } } },
            '400': invalidQuery,
          },
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
            '`event: attainment` carries a `KpiAttainment` as `data`, with `id: <ledger stream>@<revision>`; revisions only go up per stream. ' +
            '`event: heartbeat` (`data: {"at": <time>}`) comes while nothing moves. A reconnecting client gets the board again.',
          parameters: queryParameters(AttainmentQuerySchema),
          responses: {
            '200': { description: 'The stream.', content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': { $ref: '#/components/schemas/KpiAttainment' } } } },
            '400': invalidQuery,
          },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          responses: {
            '200': { description: 'Ready: ClickHouse answers. `{"status": "ok", "scorecards": <on the attainment board>}`.' },
            '503': { description: '`clickhouse_unavailable`: aggregate queries would fail.' },
          },
        },
      },
    },
    components: {
      schemas: {
        MetricTotalAnswer: componentSchema(MetricTotalAnswerSchema, 'output'),
        AggregateUpdate: componentSchema(AggregateUpdateSchema, 'output'),
        AttainmentBoardAnswer: componentSchema(AttainmentBoardAnswerSchema, 'output'),
        KpiAttainment: componentSchema(KpiAttainmentSchema, 'output'),
        GatewayError: componentSchema(GatewayErrorSchema, 'output'),
      },
    },
  };
}
