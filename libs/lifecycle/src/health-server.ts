import { createServer, type Server, type ServerResponse } from 'node:http';

/** A readiness answer: ready or not, and what an operator needs to see why (no secrets, no personal data). */
export interface HealthAnswer {
  ready: boolean;
  detail: Record<string, unknown>;
}

export interface HealthServerOptions {
  host: string;
  /** 0 picks a free port (tests); the server's `port` says which. */
  port: number;
  ready: () => HealthAnswer | Promise<HealthAnswer>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

/**
 * The health port of a service without an HTTP API (the Kafka consumers): `GET /health/live` answers 200 while the
 * event loop turns; `GET /health/ready` (and `/health`) 200 or 503 with the readiness detail. Meant for operators'
 * networks only, like the metrics port: bind it to an internal address.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET') return send(response, 405, { error: 'method_not_allowed' });
    if (path === '/health/live') return send(response, 200, { status: 'ok' });
    if (path !== '/health/ready' && path !== '/health') return send(response, 404, { error: 'not_found' });
    Promise.resolve()
      .then(options.ready)
      .then(
        ({ ready, detail }) => send(response, ready ? 200 : 503, { status: ready ? 'ok' : 'unready', ...detail }),
        (error: unknown) => send(response, 503, { status: 'unready', reason: error instanceof Error ? error.message : String(error) }),
      );
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port, options.host, () => listening());
  });
  // The health port never keeps a stopping process alive.
  server.unref();
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((closed) => server.close(() => closed())),
  };
}
