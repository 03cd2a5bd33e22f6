import { Counter, Histogram, type Registry } from 'prom-client';
import { BYTES_BUCKETS, SECONDS_BUCKETS } from './buckets';

/** What the hook reads of a Fastify request and reply, whatever the server's raw types. */
interface AnsweredRequest {
  method: string;
  routeOptions: { url?: string };
  headers: Record<string, string | string[] | undefined>;
}
interface SentReply {
  statusCode: number;
  elapsedTime: number;
}

/**
 * Counts and times every HTTP answer of a Fastify server by method, route pattern (never the raw URL: a query or
 * path parameter would mint series) and status code. Unmatched URLs are one route, `unmatched`. Install it as
 * `fastify.addHook('onResponse', httpMetricsHook(registry))`.
 */
export function httpMetricsHook(registry: Registry): (request: AnsweredRequest, reply: SentReply, done: () => void) => void {
  const requests = new Counter({
    name: 'govmetrics_http_requests_total',
    help: 'HTTP answers by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'govmetrics_http_request_duration_seconds',
    help: 'From request received to answer sent (for a live stream: until it closed), by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  const bodyBytes = new Histogram({
    name: 'govmetrics_http_request_size_bytes',
    help: 'Declared body size (content-length) of requests that sent one, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: BYTES_BUCKETS,
    registers: [registry],
  });
  return (request, reply, done) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched' };
    requests.inc({ ...labels, status_code: String(reply.statusCode) });
    seconds.observe(labels, reply.elapsedTime / 1000);
    const length = Number(request.headers['content-length']);
    if (length > 0) bodyBytes.observe(labels, length);
    done();
  };
}
