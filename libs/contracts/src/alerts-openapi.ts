import {
  AlertAcknowledgementRequestSchema,
  AlertNotificationSchema,
  AlertRuleRequestSchema,
  AlertRuleRetirementRequestSchema,
  AlertsAnswerSchema,
  AlertsQuerySchema,
  AlertViewSchema,
} from './alerts-api.schema';
import { componentSchema, jsonAnswer } from './openapi-parts';

const body = (component: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } } });
const pathParameter = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const state = { name: 'state', in: 'query', required: false, schema: componentSchema(AlertsQuerySchema.shape.state, 'input') };
const written = jsonAnswer('The stream and its new version, as whom.', 'StewardWriteAnswer');
const refused = jsonAnswer(
  '`invalid_request` (400): a malformed body, or a rule naming a catalog, measure, node or scorecard the catalog in force on its effective day ' +
    'does not hold (the message names the field and the rule); `refused` (422): a retirement of an unknown rule, an acknowledgement of an ' +
    'alert that is not firing. Nothing was recorded.',
  'StewardError',
);
const stale = jsonAnswer('`stale_version`: the stream changed since it was read; nothing was recorded.', 'StewardError');

/** The gateway's alert endpoints (docs/foresight.md, "Alerts and notifications"). */
export const alertPaths = () => ({
  '/v1/alerts': {
    get: {
      operationId: 'alerts',
      summary: 'The alert rules in force (who set them, from which day, why) and every alert: firing first, then newest first',
      parameters: [state],
      responses: { '200': jsonAnswer('The rules and alerts.', 'AlertsAnswer') },
    },
  },
  '/v1/alerts/stream': {
    get: {
      operationId: 'alertStream',
      summary:
        'Server-sent events: every alert as it stands, then each change as the ledger records it (`event: alert`, `id`: its ledger position); ' +
        '`Last-Event-ID` (or `last_event_id=`) resumes after a position',
      parameters: [state],
      responses: {
        '200': {
          description: 'The stream.',
          content: { 'text/event-stream': { schema: { type: 'string' }, 'x-event-data': { $ref: '#/components/schemas/AlertView' } } },
        },
      },
    },
  },
  '/v1/alert-rules': {
    post: {
      operationId: 'defineAlertRule',
      summary: "Stewards: an alert rule from `effective` (default today), recorded as the token's subject",
      requestBody: body('AlertRuleRequest'),
      responses: { '201': written, '400': refused, '409': stale, '422': refused },
    },
  },
  '/v1/alert-rules/{rule}/retirements': {
    post: {
      operationId: 'retireAlertRule',
      summary: 'Stewards: the rule is no longer judged from `effective`; its firing alert resolves at the next evaluation',
      parameters: [pathParameter('rule')],
      requestBody: body('AlertRuleRetirementRequest'),
      responses: { '201': written, '400': refused, '422': refused },
    },
  },
  '/v1/alerts/{alert}/acknowledgements': {
    post: {
      operationId: 'acknowledgeAlert',
      summary: "Operators and stewards: take charge of a firing alert (`<rule>#<n>`, URL-encoded), as the token's subject",
      parameters: [pathParameter('alert')],
      requestBody: body('AlertAcknowledgementRequest'),
      responses: { '201': written, '400': refused, '409': stale, '422': refused },
    },
  },
});

export const alertComponents = () => ({
  AlertsAnswer: componentSchema(AlertsAnswerSchema, 'output'),
  AlertView: componentSchema(AlertViewSchema, 'output'),
  AlertRuleRequest: componentSchema(AlertRuleRequestSchema, 'input'),
  AlertRuleRetirementRequest: componentSchema(AlertRuleRetirementRequestSchema, 'input'),
  AlertAcknowledgementRequest: componentSchema(AlertAcknowledgementRequestSchema, 'input'),
  AlertNotification: componentSchema(AlertNotificationSchema, 'output'),
});
