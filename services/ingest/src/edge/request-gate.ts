import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Principal } from '@govmetrics/contracts';
import type { ApiKeyHolder, ApiKeyRegistry } from '../api-key-registry';
import { IngestRefusal } from '../record-usage-events/ingest-refusal';
import type { AddressLimits } from './address-limits';

/** What the gate saw of a request: its remote address, `METHOD /route`, and its Authorization header. */
export interface Arrival {
  address: string;
  route: string;
  authorization?: string;
  /** Who a bearer token that is no API key belongs to (a static token or a JWT), resolved by the hook beforehand. */
  tokenHolder?: Principal;
}

export type Passage = { admitted: true; holder?: ApiKeyHolder } | { admitted: false; refusal: IngestRefusal };

/**
 * Judges a request on arrival, before its body is read: the remote address's budgets first, then, for the routes that
 * need one, the API key. A flood of unauthenticated requests therefore costs no body read or parse.
 */
export class RequestGate {
  constructor(
    readonly limits: AddressLimits,
    private readonly apiKeys: ApiKeyRegistry,
    private readonly authenticatedRoutes: ReadonlySet<string>,
  ) {}

  /** Whether the request's credential is something other than an API key, which the hook must resolve before `pass`. */
  needsTokenHolder(route: string, authorization: string | undefined): authorization is string {
    return authorization !== undefined && this.authenticatedRoutes.has(route) && !this.apiKeys.holderOf(authorization);
  }

  pass({ address, route, authorization, tokenHolder }: Arrival): Passage {
    const admitted = this.limits.admit(address);
    if (!admitted.allowed) {
      const why = admitted.reason === 'authentication_failures' ? 'too many failed authentications' : 'too many requests';
      const retryAfterSeconds = admitted.retryAfterSeconds;
      return {
        admitted: false,
        refusal: new IngestRefusal('rate_limited', `${why} from this address; retry in ${retryAfterSeconds} s`, { retryAfterSeconds }),
      };
    }
    if (!this.authenticatedRoutes.has(route)) return { admitted: true };
    const holder = this.apiKeys.holderOf(authorization);
    if (holder) return { admitted: true, holder };
    // A valid token of another kind is no failed guess: a platform's is admitted for its platform, any other role is 403.
    if (tokenHolder?.roles.includes('platform') && tokenHolder.platform)
      return { admitted: true, holder: { platform: tokenHolder.platform, keyId: tokenHolder.subject } };
    if (tokenHolder)
      return {
        admitted: false,
        refusal: new IngestRefusal(
          'forbidden',
          `${route} takes a platform's API key or token; ${tokenHolder.subject} holds ${tokenHolder.roles.join(', ') || 'no role'}`,
        ),
      };
    this.limits.authenticationFailed(address);
    return { admitted: false, refusal: new IngestRefusal('unauthorized', 'send a platform API key as "Authorization: Bearer <key>"') };
  }
}

const holders = new WeakMap<object, ApiKeyHolder>();

/** The platform whose key authenticated the request, as the gate found it. */
export const authenticatedHolder = (request: object): ApiKeyHolder | undefined => holders.get(request);

const SWEEP_EVERY_MS = 60_000;

/**
 * Runs the gate as Fastify's first hook (onRequest: the body is still unread) on every route. `tokenHolder` resolves
 * a bearer token that is no API key (static token or JWT); it is asked only on authenticated routes.
 */
export function installRequestGate(
  app: NestFastifyApplication,
  gate: RequestGate,
  tokenHolder: (authorization: string) => Promise<Principal | undefined> = () => Promise.resolve(undefined),
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const sweep = setInterval(() => gate.limits.forgetIdle(), SWEEP_EVERY_MS).unref();
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const authorization = request.headers.authorization;
    const holder = gate.needsTokenHolder(route, authorization) ? await tokenHolder(authorization) : undefined;
    const passage = gate.pass({ address: request.ip, route, authorization, ...(holder ? { tokenHolder: holder } : {}) });
    if (passage.admitted) {
      if (passage.holder) holders.set(request, passage.holder);
      return;
    }
    const { refusal } = passage;
    if (refusal.details.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(refusal.details.retryAfterSeconds));
    // Connection: close, so Node drops the unread body with the socket instead of reading it to reuse the connection.
    return reply.code(refusal.status).header('Connection', 'close').send(refusal.body);
  });
}
