import { type CanActivate, type ExecutionContext, HttpException, Logger } from '@nestjs/common';
import type { HttpService, Principal } from '@govmetrics/contracts';
import { AuthError, decideAccess, endpointAccess, type FailedAuthBudget, seesDetail } from '@govmetrics/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from './authenticator';

const principals = new WeakMap<object, Principal>();

/** The principal the guard admitted a request as; undefined on an open route called without a credential. */
export const requestPrincipal = (request: object): Principal | undefined => principals.get(request);

/** Whether the request may see its open route's detail (e.g. /health's checks). */
export const requestSeesDetail = (service: HttpService, request: FastifyRequest): boolean =>
  seesDetail(endpointAccess(service, request.method, request.routeOptions.url ?? ''), requestPrincipal(request));

const refusal = (error: AuthError) => new HttpException({ error: error.code, message: error.message }, error.status);

/**
 * Enforces the access matrix on every route of one service (registered as Nest's APP_GUARD). `preauthenticated`
 * names a principal an earlier stage already established (the ingest's API-key gate); `failures`, when given, shuts
 * out an address that presented too many tokens that did not verify (429 with Retry-After), before its next is checked.
 */
export class AccessGuard implements CanActivate {
  constructor(
    private readonly service: HttpService,
    private readonly authenticator: Authenticator,
    private readonly preauthenticated: (request: FastifyRequest) => Principal | undefined = () => undefined,
    private readonly failures?: FailedAuthBudget,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const row = endpointAccess(this.service, request.method, request.routeOptions.url ?? '');
    const open = row?.roles === 'open';
    if (!open) this.admitAddress(request, context.switchToHttp().getResponse<FastifyReply>());
    const principal = await this.principalOf(request, open);
    const decision = decideAccess(row, principal, (request.query ?? {}) as Record<string, unknown>);
    if (!decision.allowed) {
      if (decision.code === 'unauthorized') void context.switchToHttp().getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
      throw refusal(new AuthError(decision.code, decision.message));
    }
    if (principal) principals.set(request, principal);
    return true;
  }

  /** An address shut out by its failed attempts is refused before its token is even looked at: guessing costs time. */
  private admitAddress(request: FastifyRequest, reply: FastifyReply): void {
    const decision = this.failures?.check(request.ip);
    if (decision === undefined || decision.allowed) return;
    void reply.header('Retry-After', String(decision.retryAfterSeconds));
    const message = `too many failed authentications from this address; retry in ${decision.retryAfterSeconds} s`;
    throw refusal(new AuthError('too_many_failed_authentications', message));
  }

  /** On an open route a bad token is ignored (liveness must answer); elsewhere it is a 401 saying why, counted against the address. */
  private async principalOf(request: FastifyRequest, open: boolean): Promise<Principal | undefined> {
    const earlier = this.preauthenticated(request);
    if (earlier) return earlier;
    try {
      return await this.authenticator.principalOf(request.headers.authorization);
    } catch (error) {
      if (open) return undefined;
      if (error instanceof AuthError && error.code === 'unauthorized' && this.failures?.failed(request.ip))
        Logger.warn(`${request.ip} shut out after too many failed authentications (${this.failures.counts.failures} failures so far)`, 'AccessGuard');
      if (error instanceof AuthError) throw refusal(error);
      throw error;
    }
  }
}
