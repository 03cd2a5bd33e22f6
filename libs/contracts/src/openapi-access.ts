import { ACCESS_MATRIX, AuthErrorSchema, type HttpService } from './access.schema';
import { componentSchema, jsonAnswer } from './openapi-parts';

type Operation = { responses: Record<string, unknown> } & Record<string, unknown>;
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const unauthorized = jsonAnswer(
  '`unauthorized`: no bearer token, or one that did not verify (unknown, expired, another issuer or audience, altered).',
  'AuthError',
);
const forbidden = jsonAnswer("`forbidden`: the token's roles do not include one this endpoint admits, or it asks outside its scope.", 'AuthError');
const failedAuthBudget =
  '`too_many_failed_authentications`: this address presented too many tokens that did not verify (`IP_AUTH_FAILURE_BURST`, 20, ' +
  'earned back at `IP_AUTH_FAILURES_PER_MINUTE`, 10): refused before its token is looked at, a valid one included, until `Retry-After` seconds have passed.';
const retryAfter = { 'Retry-After': { description: 'Seconds until the address may try again.', schema: { type: 'integer', minimum: 1 } } };

type Answer = { description: string; content?: Record<string, { schema: unknown }> };

/** The failed-authentication budget's 429, beside a 429 the operation already answers (too many streams) when it has one. */
function tooManyRequests(existing: Answer | undefined) {
  const budget = { $ref: '#/components/schemas/AuthError' };
  if (existing === undefined) return jsonAnswer(failedAuthBudget, 'AuthError', retryAfter);
  const other = existing.content?.['application/json']?.schema;
  return {
    description: `${existing.description} Or ${failedAuthBudget}`,
    headers: retryAfter,
    content: { 'application/json': { schema: { oneOf: [...(other ? [other] : []), budget] } } },
  };
}

/**
 * Each operation of `document` with who may call it, from ACCESS_MATRIX: its roles (`x-roles`), the bearer scheme, 401, 403,
 * and the 429 of the failed-authentication budget the access guard keeps on every route that needs a token.
 */
export function withAccess<D extends Document>(document: D, service: HttpService): D {
  const paths = Object.fromEntries(
    Object.entries(document.paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => {
          const row = ACCESS_MATRIX.find(
            (candidate) => candidate.service === service && candidate.method === method.toUpperCase() && candidate.path === path.replace(/\{(\w+)\}/g, ':$1'),
          );
          if (!row || row.roles === 'open')
            return [method, { ...operation, 'x-roles': 'open', ...(row?.detailRoles ? { 'x-detail-roles': row.detailRoles } : {}) }];
          return [
            method,
            {
              ...operation,
              'x-roles': row.roles,
              security: [{ bearer: [] }],
              responses: {
                ...operation.responses,
                '401': unauthorized,
                '403': forbidden,
                '429': tooManyRequests(operation.responses['429'] as Answer | undefined),
              },
            },
          ];
        }),
      ),
    ]),
  );
  const securitySchemes = {
    bearer: { type: 'http', scheme: 'bearer', description: 'An OpenID Connect access token (JWT) or a static token; see docs/security.md' },
  };
  return {
    ...document,
    paths,
    components: { ...document.components, securitySchemes, schemas: { ...document.components.schemas, AuthError: componentSchema(AuthErrorSchema, 'output') } },
  };
}
