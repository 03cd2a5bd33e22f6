import { createConnection, createServer, type Server, type Socket } from 'node:net';

const reset = (socket: Socket) => {
  if (!socket.destroyed) socket.resetAndDestroy();
};

/**
 * One address in front of several replicas of an HTTP service, for local runs and tests: each new TCP connection goes
 * to the next replica in turn, and one that refuses the connection (killed, restarting) is skipped for the next. A
 * connection is pinned to its replica for its life, as behind a layer-4 load balancer; production puts a real one there.
 */
export class RoundRobinProxy {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private targets: number[];
  private next = 0;
  private port = 0;

  private constructor(targets: readonly number[]) {
    this.targets = [...targets];
    this.server = createServer((client) => {
      client.on('error', () => client.destroy());
      this.accept(client, this.targets.length);
    });
  }

  static async start(targets: readonly number[], port = 0): Promise<RoundRobinProxy> {
    const proxy = new RoundRobinProxy(targets);
    await new Promise<void>((listening, failed) => {
      proxy.server.once('error', failed);
      proxy.server.listen(port, '127.0.0.1', listening);
    });
    const address = proxy.server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
    proxy.port = address.port;
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The replicas' ports from now on; open connections stay where they are. */
  route(targets: readonly number[]): void {
    this.targets = [...targets];
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }

  /** Tries each replica at most once before resetting the client, as a balancer with no healthy backend does. */
  private accept(client: Socket, triesLeft: number): void {
    const target = this.targets[this.next++ % Math.max(1, this.targets.length)];
    if (target === undefined || triesLeft <= 0 || client.destroyed) return reset(client);
    client.pause();
    const upstream = createConnection(target, '127.0.0.1');
    const refused = () => {
      upstream.destroy();
      this.accept(client, triesLeft - 1);
    };
    upstream.once('error', refused);
    upstream.once('connect', () => {
      upstream.off('error', refused);
      this.splice(client, upstream);
    });
  }

  private splice(client: Socket, upstream: Socket): void {
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // A reset on either side resets the other, so the client sees a killed replica as a broken connection and retries.
      socket.on('error', () => reset(socket === client ? upstream : client));
      socket.on('end', () => (socket === client ? upstream : client).end());
    }
    client.pipe(upstream, { end: false });
    upstream.pipe(client, { end: false });
    client.resume();
  }
}
