import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { z } from 'zod';

/** OTLP/JSON attribute values (ids are hex, 64-bit integers may come as strings). */
const AnyValueSchema = z.object({
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  intValue: z.union([z.string(), z.number()]).optional(),
  doubleValue: z.number().optional(),
});
const AttributesSchema = z.array(z.object({ key: z.string(), value: AnyValueSchema })).default([]);
const SpanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string(),
  kind: z.number().optional(),
  attributes: AttributesSchema,
  links: z.array(z.object({ traceId: z.string(), spanId: z.string() })).default([]),
  status: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
});
const ExportTraceRequestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({ resource: z.object({ attributes: AttributesSchema }).optional(), scopeSpans: z.array(z.object({ spans: z.array(SpanSchema).default([]) })) }),
    )
    .default([]),
});

/** One span as a collector received it, flattened with its service's name. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Absent for a trace's root span. */
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
  status?: { code?: number; message?: string };
}

const valueOf = (value: z.infer<typeof AnyValueSchema>): string | number | boolean =>
  value.stringValue ?? value.boolValue ?? value.doubleValue ?? Number(value.intValue ?? NaN);

const attributesOf = (attributes: z.infer<typeof AttributesSchema>): Record<string, string | number | boolean> =>
  Object.fromEntries(attributes.map(({ key, value }) => [key, valueOf(value)]));

function flatten(request: z.infer<typeof ExportTraceRequestSchema>): ReceivedSpan[] {
  return request.resourceSpans.flatMap(({ resource, scopeSpans }) => {
    const service = String(attributesOf(resource?.attributes ?? [])['service.name'] ?? 'unknown');
    return scopeSpans.flatMap(({ spans }) =>
      spans.map(({ parentSpanId, attributes, ...span }) => ({
        ...span,
        service,
        attributes: attributesOf(attributes),
        // OTLP/JSON writes a root span's parent as an empty string.
        ...(parentSpanId ? { parentSpanId } : {}),
      })),
    );
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/**
 * A stand-in for an OpenTelemetry collector in tests: an OTLP/HTTP receiver on 127.0.0.1 that takes JSON exports
 * (`POST /v1/traces`, as the services' http/json exporter sends them) and keeps every span. Point a service at it
 * with `OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint`.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private readonly refused: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the OTLP receiver has no TCP address');
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${address.port}`);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void receiver.receive(request, response));
    return receiver;
  }

  /** Resolves with the spans once `enough` holds of those received, or rejects after `timeoutMs` naming what did arrive. */
  async until(enough: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs = 60_000): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    while (!enough(this.spans)) {
      if (Date.now() > deadline) {
        const seen = this.spans.map((span) => `${span.service}:${span.name}@${span.traceId.slice(0, 8)}`).join(', ');
        throw new Error(`the OTLP receiver did not get the spans expected within ${timeoutMs} ms; it got: ${seen || 'none'} ${this.refused.join('; ')}`);
      }
      await new Promise((wait) => setTimeout(wait, 100));
    }
    return [...this.spans];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await bodyOf(request);
    if (request.method !== 'POST' || request.url !== '/v1/traces' || !/^application\/json/.test(request.headers['content-type'] ?? '')) {
      this.refused.push(`${request.method} ${request.url} (${request.headers['content-type']})`);
      response.writeHead(415).end();
      return;
    }
    const parsed = ExportTraceRequestSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      this.refused.push(`an export that is not OTLP/JSON: ${parsed.error.message.slice(0, 200)}`);
      response.writeHead(400).end();
      return;
    }
    this.spans.push(...flatten(parsed.data));
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }
}
