import type { AlertNotification } from '@govmetrics/contracts';
import { AlertNotificationSchema } from '@govmetrics/contracts';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook receiver a test owns: keeps each request's headers and exact body, and takes (204) every one. */
export class SignedWebhookReceiver {
  readonly received: { headers: IncomingHttpHeaders; body: string }[] = [];
  private server!: Server;
  url = '';

  constructor(private readonly secret: string) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/alerts`;
    return this;
  }

  /** The notifications whose signature verifies over the exact body under the secret, each CloudEvent id once, in arrival order. */
  verified(): AlertNotification[] {
    const signed = this.received.filter(
      ({ headers, body }) => headers['x-govmetrics-signature'] === `sha256=${createHmac('sha256', this.secret).update(body).digest('hex')}`,
    );
    const notifications = signed.map(({ body }) => AlertNotificationSchema.parse(JSON.parse(body)));
    return notifications.filter((each, i) => notifications.findIndex((other) => other.id === each.id) === i);
  }

  /** The first verified notification `match` accepts, waiting up to `timeoutMs` for it. */
  async until(match: (notification: AlertNotification) => boolean, timeoutMs: number): Promise<AlertNotification> {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((later) => setTimeout(later, 200))) {
      const found = this.verified().find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such notification within ${timeoutMs} ms; received ${this.received.length}`);
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
