import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthError, bearerToken, looksLikeJwt } from '@govmetrics/auth';
import type { Principal } from '@govmetrics/contracts';
import type { ApiKeyHolder, ApiKeyRegistry } from '../api-key-registry';
import { IngestRefusal } from '../record-usage-events/ingest-refusal';
import type { AddressLimits } from './address-limits';

/** What the gate saw of a request: its remote address, `METHOD /route`, and its Authorization header. */
export interface Arrival {
  address: string;
  route: string;
  authorization?: string;
}

/** Who a bearer token that is no API key belongs to (a static token or a JWT); undefined when it does not verify. */
export type TokenResolver = (authorization: string) => Promise<Principal | undefined>;

export type Passage = { admitted: true; holder?: ApiKeyHolder } | { admitted: false; refusal: IngestRefusal };

/** Who holds an API key kept in the admins' credential store; throws AuthError(identity_provider_unavailable) when it cannot be read. */
export type KeptApiKeys = (key: string) => Promise<ApiKeyHolder | undefined>;

const noTokens: TokenResolver = () => Promise.resolve(undefined);
const noKeptKeys: KeptApiKeys = () => Promise.resolve(undefined);

/**
 * Judges a request on arrival, before its body is read, cheapest check first: the remote address's budgets, then, for
 * the routes that need one, the API key (one digest; then the credential store, cached), and only then a token (a JWT's
 * signature). A flood from one address therefore costs neither a body read nor any credential work.
 */
export class RequestGate {
  constructor(
    readonly limits: AddressLimits,
    private readonly apiKeys: ApiKeyRegistry,
    private readonly authenticatedRoutes: ReadonlySet<string>,
    private readonly keptKeys: KeptApiKeys = noKeptKeys,
  ) {}

  async pass({ address, route, authorization }: Arrival, resolveToken: TokenResolver = noTokens): Promise<Passage> {
    const admitted = this.limits.admit(address);
    if (!admitted.allowed) return { admitted: false, refusal: rateLimited(admitted.reason, admitted.retryAfterSeconds) };
    if (!this.authenticatedRoutes.has(route)) return { admitted: true };
    const holder = this.apiKeys.holderOf(authorization) ?? (await this.keptKeyHolder(authorization));
    if (holder instanceof IngestRefusal) return { admitted: false, refusal: holder };
    if (holder) return { admitted: true, holder };
    const tokenHolder = authorization === undefined ? undefined : await resolveToken(authorization);
    // A valid token of another kind is no failed guess: a platform's is admitted for its platform, any other role is 403.
    if (tokenHolder?.roles.includes('platform') && tokenHolder.platform)
      return { admitted: true, holder: { platform: tokenHolder.platform, keyId: tokenHolder.subject } };
    if (tokenHolder) return { admitted: false, refusal: forbidden(route, tokenHolder) };
    this.limits.authenticationFailed(address);
    return { admitted: false, refusal: new IngestRefusal('unauthorized', 'send a platform API key as "Authorization: Bearer <key>"') };
  }

  /** A key the configuration does not hold may be one an admin issued; a store that cannot be read is a 503, not a failed guess. */
  private async keptKeyHolder(authorization: string | undefined): Promise<ApiKeyHolder | IngestRefusal | undefined> {
    const key = bearerToken(authorization);
    if (key === undefined || looksLikeJwt(key)) return undefined;
    try {
      return await this.keptKeys(key);
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      return new IngestRefusal('log_unavailable', `${error.message}; retry shortly`, { retryAfterSeconds: 1, cause: error });
    }
  }
}

function rateLimited(reason: 'requests' | 'authentication_failures' | undefined, retryAfterSeconds: number): IngestRefusal {
  const why = reason === 'authentication_failures' ? 'too many failed authentications' : 'too many requests';
  return new IngestRefusal('rate_limited', `${why} from this address; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

const forbidden = (route: string, { subject, roles }: Principal): IngestRefusal =>
  new IngestRefusal('forbidden', `${route} takes a platform's API key or token; ${subject} holds ${roles.join(', ') || 'no role'}`);

const holders = new WeakMap<object, ApiKeyHolder>();

/** The platform whose key authenticated the request, as the gate found it. */
export const authenticatedHolder = (request: object): ApiKeyHolder | undefined => holders.get(request);

const SWEEP_EVERY_MS = 60_000;

/** Runs the gate as Fastify's first hook (onRequest: the body is still unread) on every route. */
export function installRequestGate(app: NestFastifyApplication, gate: RequestGate, resolveToken?: TokenResolver): void {
  const fastify = app.getHttpAdapter().getInstance();
  const sweep = setInterval(() => gate.limits.forgetIdle(), SWEEP_EVERY_MS).unref();
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const passage = await gate.pass({ address: request.ip, route, authorization: request.headers.authorization }, resolveToken);
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
