import { ACCESS_MATRIX, AuthErrorSchema, type HttpService } from './access.schema';
import { componentSchema, jsonAnswer } from './openapi-parts';

type Operation = { responses: Record<string, unknown> } & Record<string, unknown>;
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const unauthorized = jsonAnswer(
  '`unauthorized`: no bearer token, or one that did not verify (unknown, expired, another issuer or audience, altered).',
  'AuthError',
);
const forbidden = jsonAnswer("`forbidden`: the token's roles do not include one this endpoint admits, or it asks outside its scope.", 'AuthError');

/** Each operation of `document` with who may call it, from ACCESS_MATRIX: its roles (`x-roles`), the bearer scheme, 401 and 403. */
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
            { ...operation, 'x-roles': row.roles, security: [{ bearer: [] }], responses: { ...operation.responses, '401': unauthorized, '403': forbidden } },
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
