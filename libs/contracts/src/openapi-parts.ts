import { z } from 'zod';

/** A zod schema as an OpenAPI 3.1 component (JSON Schema 2020-12), in its input or output form. */
export const componentSchema = (schema: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** A JSON answer whose body is the named component. */
export const jsonAnswer = (description: string, component: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } },
});

/** `GET /health`: `ready` says what its 200 checks and shows, `other` its other answers (a 503 naming the dependency, …). */
export const healthPath = (ready: string, other: Record<string, unknown>) => ({
  get: { operationId: 'health', responses: { '200': { description: ready }, ...other } },
});
