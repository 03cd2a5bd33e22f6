// A loopback HTTP proxy between one gateway and ClickHouse that counts the queries passing through it, by their SQL
// text: the bench's own counter of what the streams cost, independent of the product and of other work on the server
// (system.query_log is off on this server, and the gateway's read-only user may not turn it on per query).
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The live streams' read of pending buckets (`queryBucketTotals` in libs/clickhouse). */
const BUCKET_READ = 'FROM usage_daily WHERE (platform, metric, agency, day) IN';

export interface QueryCounts {
  bucketReads: number;
  other: number;
}

const bodyOf = async (incoming: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export class CountingProxy {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly counts: { current: QueryCounts },
  ) {}

  static async start(target: string): Promise<CountingProxy> {
    const upstream = new URL(target);
    // The server's handler and the reset share this one object: reset swaps its counts, never the object.
    const counts: { current: QueryCounts } = { current: { bucketReads: 0, other: 0 } };
    const server = createServer((incoming, outgoing) => {
      // A request that breaks (client gone, bad URL) ends its own exchange, never the bench.
      bodyOf(incoming).then(
        (body) => {
          // @clickhouse/client sends a SELECT in the body and a command in the URL's `query`; both are searched.
          const sql = `${decodeURIComponent(incoming.url ?? '')} ${body.toString('utf8')}`;
          counts.current[sql.includes(BUCKET_READ) ? 'bucketReads' : 'other'] += 1;
          const forwarded = request(
            { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
            (answer) => {
              outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(outgoing);
            },
          );
          forwarded.on('error', (error) => outgoing.destroy(error));
          forwarded.end(body);
        },
        (error: Error) => outgoing.destroy(error),
      );
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    return new CountingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, counts);
  }

  /** What was counted since the last reset, and a fresh count from now. */
  reset(): QueryCounts {
    const counted = this.counts.current;
    this.counts.current = { bucketReads: 0, other: 0 };
    return counted;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((closed) => this.server.close(closed));
  }
}
