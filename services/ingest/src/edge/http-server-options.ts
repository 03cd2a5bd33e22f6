import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { IngestConfig } from '../ingest.config';
import { IngestRefusal } from '../record-usage-events/ingest-refusal';

/** What Node's HTTP parser reports for a connection it gives up on, as our documented refusal. */
function clientErrorRefusal(error: Error & { code?: string }): IngestRefusal {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new IngestRefusal('request_timeout', 'the request (headers, then body) did not arrive in time; nothing of it was accepted');
  if (error.code === 'HPE_HEADER_OVERFLOW') return new IngestRefusal('headers_too_large', 'the request headers are larger than this server reads');
  return new IngestRefusal('malformed_request', 'the request is not valid HTTP/1.1');
}

/** Answers on the raw socket (no request object exists yet), then closes it: the connection's state is unknown. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal = clientErrorRefusal(error);
  const body = JSON.stringify(refusal.body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Fastify's server options for the ingest: body limit and the timeouts that bound what a slow or silent client can hold.
 * Node checks the headers and request timeouts on a timer (30 s by default); it runs often enough here that a
 * connection is closed within a tenth of its bound after it.
 */
export function httpServerOptions(config: IngestConfig) {
  return {
    bodyLimit: config.MAX_BATCH_BYTES,
    requestTimeout: config.INGEST_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.INGEST_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: config.INGEST_HEADERS_TIMEOUT_MS,
      requestTimeout: config.INGEST_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(config.INGEST_HEADERS_TIMEOUT_MS / 10))),
    },
    clientErrorHandler: answerClientError,
  };
}
