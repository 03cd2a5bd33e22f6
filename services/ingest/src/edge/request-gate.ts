import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiKeyHolder, ApiKeyRegistry } from '../api-key-registry';
import { IngestRefusal } from '../record-usage-events/ingest-refusal';
import type { AddressLimits } from './address-limits';

/** What the gate saw of a request: its remote address, `METHOD /route`, and its Authorization header. */
export interface Arrival {
  address: string;
  route: string;
  authorization?: string;
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

  pass({ address, route, authorization }: Arrival): Passage {
    const admitted = this.limits.admit(address);
    if (!admitted.allowed) {
      const why = admitted.reason === 'authentication_failures' ? 'too many failed authentications' : 'too many requests';
      const retryAfterSeconds = admitted.retryAfterSeconds;
      return { admitted: false, refusal: new IngestRefusal('rate_limited', `${why} from this address; retry in ${retryAfterSeconds} s`, { retryAfterSeconds }) };
    }
    if (!this.authenticatedRoutes.has(route)) return { admitted: true };
    const holder = this.apiKeys.holderOf(authorization);
    if (holder) return { admitted: true, holder };
    this.limits.authenticationFailed(address);
    return { admitted: false, refusal: new IngestRefusal('unauthorized', 'send a platform API key as "Authorization: Bearer <key>"') };
  }
}

const holders = new WeakMap<object, ApiKeyHolder>();

/** The platform whose key authenticated the request, as the gate found it. */
export const authenticatedHolder = (request: object): ApiKeyHolder | undefined => holders.get(request);

const SWEEP_EVERY_MS = 60_000;

/** Runs the gate as Fastify's first hook (onRequest: the body is still unread) on every route. */
export function installRequestGate(app: NestFastifyApplication, gate: RequestGate): void {
  const fastify = app.getHttpAdapter().getInstance();
  const sweep = setInterval(() => gate.limits.forgetIdle(), SWEEP_EVERY_MS).unref();
  fastify.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const passage = gate.pass({ address: request.ip, route: `${request.method} ${request.routeOptions.url ?? ''}`, authorization: request.headers.authorization });
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
