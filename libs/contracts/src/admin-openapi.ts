import {
  AdminErrorSchema,
  CredentialAuditAnswerSchema,
  ApiKeyIssueRequestSchema,
  CredentialAnswerSchema,
  CredentialListAnswerSchema,
  CredentialRevokeRequestSchema,
  IssuedCredentialAnswerSchema,
  TokenIssueRequestSchema,
} from './admin-api.schema';
import { componentSchema, jsonAnswer } from './openapi-parts';

const jsonBody = (component: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } } });
const invalid = jsonAnswer('`invalid_request`: the body breaks its schema; every field at fault is named. Nothing was changed.', 'AdminError');
const unavailable = jsonAnswer('`credential_store_unavailable`: the credential store (PostgreSQL) could not be reached; nothing was changed.', 'AdminError');

/** Issue, list and revoke for one kind of credential (`api-keys` or `tokens`). */
const credentialPaths = (kind: 'api-keys' | 'tokens', noun: string, requestComponent: string, operation: string) => ({
  [`/v1/admin/${kind}`]: {
    post: {
      operationId: `issue${operation}`,
      summary: `Admins: issue ${noun}; the secret is in this answer only (kept as its sha256), created_by is the admin token's subject`,
      requestBody: jsonBody(requestComponent),
      responses: { '201': jsonAnswer('The credential kept and its secret, shown once.', 'IssuedCredentialAnswer'), '400': invalid, '503': unavailable },
    },
    get: {
      operationId: `list${operation}s`,
      summary: `Admins: every ${noun} kept, active, expired or revoked, newest first; never a secret`,
      responses: { '200': jsonAnswer('The credentials.', 'CredentialListAnswer'), '503': unavailable },
    },
  },
  [`/v1/admin/${kind}/{id}/revoke`]: {
    post: {
      operationId: `revoke${operation}`,
      summary: `Admins: revoke ${noun}; every ingest and gateway refuses it within CREDENTIALS_CACHE_MS (5 s by default)`,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: jsonBody('CredentialRevokeRequest'),
      responses: {
        '200': jsonAnswer('The credential as revoked, by whom and why.', 'CredentialAnswer'),
        '400': invalid,
        '404': jsonAnswer(`\`not_found\`: no ${noun} has this id.`, 'AdminError'),
        '409': jsonAnswer('`already_revoked`: it was revoked before (the answer says by whom); nothing was changed.', 'AdminError'),
        '503': unavailable,
      },
    },
  },
});

/** The admin's endpoints over platforms' API keys and bearer tokens, for the gateway's OpenAPI document. */
export const adminOpenApiPaths = () => ({
  ...credentialPaths('api-keys', "a platform's API key", 'ApiKeyIssueRequest', 'ApiKey'),
  ...credentialPaths('tokens', 'a bearer token', 'TokenIssueRequest', 'Token'),
  '/v1/admin/audit': {
    get: {
      operationId: 'credentialAudit',
      summary: "Admins and auditors: every issue and revocation in order (who, when, why, what was granted), and the trail's hash chain verified",
      description: 'The chain catches a record altered or removed in the middle; not a rewritten or deleted tail (its heads are not signed like the ledger’s).',
      responses: { '200': jsonAnswer('The records and the verification.', 'CredentialAuditAnswer'), '503': unavailable },
    },
  },
});

export const adminOpenApiComponents = () => ({
  ApiKeyIssueRequest: componentSchema(ApiKeyIssueRequestSchema, 'input'),
  TokenIssueRequest: componentSchema(TokenIssueRequestSchema, 'input'),
  CredentialRevokeRequest: componentSchema(CredentialRevokeRequestSchema, 'input'),
  IssuedCredentialAnswer: componentSchema(IssuedCredentialAnswerSchema, 'output'),
  CredentialListAnswer: componentSchema(CredentialListAnswerSchema, 'output'),
  CredentialAnswer: componentSchema(CredentialAnswerSchema, 'output'),
  CredentialAuditAnswer: componentSchema(CredentialAuditAnswerSchema, 'output'),
  AdminError: componentSchema(AdminErrorSchema, 'output'),
});
