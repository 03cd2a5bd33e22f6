import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';

/** A raw TCP connection from a chosen loopback address: what it received, and when the server closed it. */
export class RawConnection {
  private received = Buffer.alloc(0);
  closedAt?: number;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.notify();
    });
    socket.on('error', () => undefined); // a reset by the server is an outcome the tests read from `closedAt`
    socket.on('close', () => {
      this.closedAt = Date.now();
      this.notify();
    });
  }

  static open(port: number, localAddress: string): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get text(): string {
    return this.received.toString('latin1');
  }

  get status(): number | undefined {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(this.text);
    return match ? Number(match[1]) : undefined;
  }

  /** The JSON body of the first answer, once it is complete. */
  get body(): unknown {
    const [, body = ''] = this.text.split('\r\n\r\n');
    return JSON.parse(body) as unknown;
  }

  /** Writes without waiting; false once the server has closed the connection. */
  write(data: string | Buffer): boolean {
    if (this.socket.destroyed || this.closedAt !== undefined) return false;
    this.socket.write(data);
    return true;
  }

  /** Resolves when `condition` holds, or with false after `withinMs`. */
  until(condition: () => boolean, withinMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        resolve(false);
      }, withinMs);
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves when a whole answer (headers and the body its Content-Length announces) has arrived. */
  answered(withinMs: number): Promise<boolean> {
    return this.until(() => {
      const end = this.text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(this.text)?.[1];
      return end >= 0 && length !== undefined && this.received.length >= end + 4 + Number(length);
    }, withinMs);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request from a chosen loopback address (per-address limits are keyed by it), on a connection of its own. */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(init.body);
  });
}
