import { type CanActivate, type ExecutionContext, HttpException } from '@nestjs/common';
import type { HttpService, Principal } from '@govmetrics/contracts';
import { AuthError, decideAccess, endpointAccess, seesDetail } from '@govmetrics/auth';
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
 * names a principal an earlier stage already established (the ingest's API-key gate).
 */
export class AccessGuard implements CanActivate {
  constructor(
    private readonly service: HttpService,
    private readonly authenticator: Authenticator,
    private readonly preauthenticated: (request: FastifyRequest) => Principal | undefined = () => undefined,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const row = endpointAccess(this.service, request.method, request.routeOptions.url ?? '');
    const principal = await this.principalOf(request, row?.roles === 'open');
    const decision = decideAccess(row, principal, (request.query ?? {}) as Record<string, unknown>);
    if (!decision.allowed) {
      if (decision.code === 'unauthorized') void context.switchToHttp().getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
      throw refusal(new AuthError(decision.code, decision.message));
    }
    if (principal) principals.set(request, principal);
    return true;
  }

  /** On an open route a bad token is ignored (liveness must answer); elsewhere it is a 401 saying why. */
  private async principalOf(request: FastifyRequest, open: boolean): Promise<Principal | undefined> {
    const earlier = this.preauthenticated(request);
    if (earlier) return earlier;
    try {
      return await this.authenticator.principalOf(request.headers.authorization);
    } catch (error) {
      if (open) return undefined;
      if (error instanceof AuthError) throw refusal(error);
      throw error;
    }
  }
}
