import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ShutdownState } from './shutdown-state';

/**
 * From SIGTERM on, every new request but the health probes is answered 503 with `Connection: close` and `Retry-After`,
 * so clients go to another replica while the requests in flight finish; `/health/live` still answers, `/health/ready` says why not.
 * The module must provide {@link ShutdownState}.
 */
export function refuseWhileDraining(app: NestFastifyApplication, retryAfterSeconds = 1): void {
  const state = app.get(ShutdownState);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      if (!state.draining || request.url.startsWith('/health')) return;
      await reply
        .code(503)
        .header('connection', 'close')
        .header('retry-after', String(retryAfterSeconds))
        .send({ error: 'shutting_down', message: 'this replica is shutting down; send the request again (another replica will take it)' });
    });
}
