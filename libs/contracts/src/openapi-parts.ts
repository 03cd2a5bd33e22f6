import { z } from 'zod';

/** A zod schema as an OpenAPI 3.1 component (JSON Schema 2020-12), in its input or output form. */
export const componentSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** A JSON answer whose body is the named component. */
export const jsonAnswer = (description: string, component: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } },
});

const LIVE = 'Live: `{"status": "ok"}` while the process answers. No dependency is asked: restart the process only when this fails.';
const DRAINING = ' Also `{"error": "shutting_down"}` once the replica received SIGTERM and drains: route elsewhere.';

/**
 * An HTTP service's probes: `GET /health/live` (never asks a dependency), `GET /health/ready` and, under its first name,
 * `GET /health`. `ready` says what a ready 200 checks and shows, `unready` the 503's description, `other` its other answers.
 */
export const healthPaths = (ready: string, unready: string, other: Record<string, unknown> = {}) => {
  const responses = { '200': { description: ready }, '503': { description: unready + DRAINING }, ...other };
  return {
    '/health/live': { get: { operationId: 'healthLive', summary: 'Liveness probe', responses: { '200': { description: LIVE } } } },
    '/health/ready': { get: { operationId: 'healthReady', summary: 'Readiness probe: 503 while a dependency is down or it shuts down', responses } },
    '/health': { get: { operationId: 'health', summary: 'The readiness probe under its first name', responses } },
  };
};
