import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseFilters } from '@nestjs/common';
import { requestPrincipal } from '@govmetrics/auth-oidc';
import type { CredentialAnswer, CredentialAuditAnswer, CredentialKind, CredentialListAnswer, IssuedCredentialAnswer } from '@govmetrics/contracts';
import { ApiKeyIssueRequestSchema, CredentialRevokeRequestSchema, TokenIssueRequestSchema } from '@govmetrics/contracts';
import { type AdminContext, type CredentialGrant, type CredentialSource, credentialView, verifyAuditChain } from '@govmetrics/credentials';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AdminErrorsFilter } from './admin-errors.filter';
import { AdminRefusal } from './admin-refusal';

export const CREDENTIAL_SOURCE = Symbol('CredentialSource');

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  throw new AdminRefusal({ error: 'invalid_request', message });
}

const IdSchema = z.uuid({ message: 'the id is a UUID, as listed' });

/** Who changes a credential is the admin token's subject, never a body's field (a body naming one is refused: strict schemas). */
const adminContext = (request: FastifyRequest, reason: string): AdminContext => ({ by: requestPrincipal(request)?.subject ?? 'unknown', reason });

const expiry = (expiresAt: string | undefined) => (expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt) });

/** Admins issue, list and revoke platforms' API keys (ingest) and bearer tokens, kept in the credential store. */
@Controller('v1/admin')
@UseFilters(AdminErrorsFilter)
export class CredentialsAdminHttpController {
  constructor(@Inject(CREDENTIAL_SOURCE) private readonly credentials: CredentialSource) {}

  @Post('api-keys')
  @HttpCode(201)
  issueApiKey(@Req() request: FastifyRequest, @Body() body: unknown): Promise<IssuedCredentialAnswer> {
    const command = parseBody(ApiKeyIssueRequestSchema, body);
    const grant = {
      kind: 'api_key',
      subject: `api-key:${command.platform}`,
      roles: ['platform'],
      platform: command.platform,
      ...expiry(command.expiresAt),
    } as const;
    return this.issue(grant, adminContext(request, command.reason));
  }

  @Get('api-keys')
  listApiKeys(): Promise<CredentialListAnswer> {
    return this.list('api_key');
  }

  @Post('api-keys/:id/revoke')
  @HttpCode(200)
  revokeApiKey(@Req() request: FastifyRequest, @Param('id') id: string, @Body() body: unknown): Promise<CredentialAnswer> {
    return this.revoke('api_key', request, id, body);
  }

  @Post('tokens')
  @HttpCode(201)
  issueToken(@Req() request: FastifyRequest, @Body() body: unknown): Promise<IssuedCredentialAnswer> {
    const { reason, expiresAt, ...granted } = parseBody(TokenIssueRequestSchema, body);
    return this.issue({ kind: 'token', ...granted, ...expiry(expiresAt) }, adminContext(request, reason));
  }

  @Get('tokens')
  listTokens(): Promise<CredentialListAnswer> {
    return this.list('token');
  }

  @Post('tokens/:id/revoke')
  @HttpCode(200)
  revokeToken(@Req() request: FastifyRequest, @Param('id') id: string, @Body() body: unknown): Promise<CredentialAnswer> {
    return this.revoke('token', request, id, body);
  }

  /** The audit trail as kept, verified on every read: a trail altered behind the store's back shows here, to admins and auditors. */
  @Get('audit')
  async audit(): Promise<CredentialAuditAnswer> {
    const trail = await (await this.credentials.store()).auditTrail();
    return { records: trail.map((record) => ({ ...record, at: record.at.toISOString() })), verification: verifyAuditChain(trail) };
  }

  private async issue(grant: CredentialGrant, context: AdminContext): Promise<IssuedCredentialAnswer> {
    if (grant.expiresAt && grant.expiresAt.getTime() <= Date.now())
      throw new AdminRefusal({ error: 'invalid_request', message: 'expiresAt: must be in the future' });
    const { credential, secret } = await (await this.credentials.store()).issue(grant, context);
    return { credential: credentialView(credential), secret };
  }

  private async list(kind: CredentialKind): Promise<CredentialListAnswer> {
    const now = new Date();
    return { credentials: (await (await this.credentials.store()).list(kind)).map((credential) => credentialView(credential, now)) };
  }

  private async revoke(kind: CredentialKind, request: FastifyRequest, id: string, body: unknown): Promise<CredentialAnswer> {
    const { reason } = parseBody(CredentialRevokeRequestSchema, body);
    const parsedId = IdSchema.safeParse(id);
    if (!parsedId.success) throw new AdminRefusal({ error: 'invalid_request', message: `id: ${parsedId.error.issues[0]?.message ?? 'not a UUID'}` });
    const revoked = await (await this.credentials.store()).revoke(kind, parsedId.data, adminContext(request, reason));
    return { credential: credentialView(revoked) };
  }
}
