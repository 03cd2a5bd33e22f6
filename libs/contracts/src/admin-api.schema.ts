import { z } from 'zod';
import { RoleSchema } from './access.schema';
import { PlatformIdSchema } from './usage-event.schema';

// Who is never in a body: the gateway records the admin token's subject as created_by / revoked_by.
const why = { reason: z.string().trim().min(1).max(2000).describe('Why the change is made; the audit trail keeps it beside who made it') };
const expiresAt = z.iso.datetime({ offset: true }).optional().describe('When the credential stops being accepted (ISO 8601); absent = until revoked');

/** The two kinds of credential the admin endpoints keep: a platform's API key (ingest) and a bearer token with roles. */
export const CREDENTIAL_KINDS = ['api_key', 'token'] as const;
export const CredentialKindSchema = z.enum(CREDENTIAL_KINDS);
export type CredentialKind = z.infer<typeof CredentialKindSchema>;

/** `POST /v1/admin/api-keys`: a new API key for one platform. */
export const ApiKeyIssueRequestSchema = z.object({ platform: PlatformIdSchema, expiresAt, ...why }).strict();
export type ApiKeyIssueRequest = z.infer<typeof ApiKeyIssueRequestSchema>;

/** `POST /v1/admin/tokens`: a new bearer token with roles; a `platform` role binds it to `platform`, and only it may name one. */
export const TokenIssueRequestSchema = z
  .object({
    subject: z.string().trim().min(1).max(200).describe('Who or what holds the token; the ledger records it as who for its writes'),
    roles: z.array(RoleSchema).min(1),
    platform: PlatformIdSchema.optional(),
    agencies: z.array(z.string().min(1).max(100)).max(500).optional().describe('Limits the holder to these agencies (docs/security.md)'),
    expiresAt,
    ...why,
  })
  .strict()
  .refine((request) => request.roles.includes('platform') === (request.platform !== undefined), {
    path: ['platform'],
    message: 'a token with the platform role names its platform, and only such a token may',
  });
export type TokenIssueRequest = z.infer<typeof TokenIssueRequestSchema>;

/** `POST /v1/admin/{api-keys|tokens}/{id}/revoke`. */
export const CredentialRevokeRequestSchema = z.object(why).strict();

/** A kept credential as the admin endpoints show it: never its secret, which is kept only as a digest. */
export const CredentialViewSchema = z
  .object({
    id: z.uuid(),
    kind: CredentialKindSchema,
    subject: z.string(),
    roles: z.array(RoleSchema),
    platform: z.string().optional(),
    agencies: z.array(z.string()).optional(),
    status: z.enum(['active', 'expired', 'revoked']),
    createdBy: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    reason: z.string(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    revokedAt: z.iso.datetime({ offset: true }).optional(),
    revokedBy: z.string().optional(),
    revokeReason: z.string().optional(),
  })
  .strict();
export type CredentialView = z.infer<typeof CredentialViewSchema>;

/** The answer to an issue: the secret, shown this once. */
export const IssuedCredentialAnswerSchema = z.object({ credential: CredentialViewSchema, secret: z.string().min(32) }).strict();
export type IssuedCredentialAnswer = z.infer<typeof IssuedCredentialAnswerSchema>;

export const CredentialListAnswerSchema = z.object({ credentials: z.array(CredentialViewSchema) }).strict();
export type CredentialListAnswer = z.infer<typeof CredentialListAnswerSchema>;

export const CredentialAnswerSchema = z.object({ credential: CredentialViewSchema }).strict();
export type CredentialAnswer = z.infer<typeof CredentialAnswerSchema>;

/** One change to the credential store as its audit trail keeps it, hash-chained to the one before. */
export const CredentialAuditRecordSchema = z
  .object({
    seq: z.number().int().positive(),
    at: z.iso.datetime({ offset: true }),
    action: z.enum(['issued', 'revoked']),
    credentialId: z.uuid(),
    kind: CredentialKindSchema,
    who: z.string(),
    why: z.string(),
    grant: z
      .string()
      .describe("For an issue, what was granted as JSON (subject, roles, platform, agencies, expiresAt, the secret's sha256); {} for a revocation"),
    prevHash: z.string(),
    hash: z.string(),
  })
  .strict();

/** `GET /v1/admin/audit`: every change in order, and the chain verified from its first record (the first broken link named). */
export const CredentialAuditAnswerSchema = z
  .object({
    records: z.array(CredentialAuditRecordSchema),
    verification: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), records: z.number().int().nonnegative(), head: z.string() }).strict(),
      z.object({ ok: z.literal(false), seq: z.number().int(), reason: z.string() }).strict(),
    ]),
  })
  .strict();
export type CredentialAuditAnswer = z.infer<typeof CredentialAuditAnswerSchema>;

/** 400 invalid_request (every field at fault), 404 not_found, 409 already_revoked, 503 credential_store_unavailable. */
export const AdminErrorSchema = z
  .object({ error: z.enum(['invalid_request', 'not_found', 'already_revoked', 'credential_store_unavailable']), message: z.string() })
  .strict();
export type AdminError = z.infer<typeof AdminErrorSchema>;
