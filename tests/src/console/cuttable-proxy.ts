import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a service whose connections a test can cut: the browser's view of a network that drops
 * (every open connection reset, new ones refused) and comes back, while the service itself keeps running.
 */
export class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private cut = false;

  private readonly server: Server;
  private url_ = '';

  private constructor(private readonly targetPort: number) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(targetPort: number): Promise<CuttableProxy> {
    const proxy = new CuttableProxy(targetPort);
    await new Promise<void>((listening) => proxy.server.listen(0, '127.0.0.1', listening));
    const address = proxy.server.address();
    if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP port');
    proxy.url_ = `http://127.0.0.1:${address.port}`;
    return proxy;
  }

  /** Where the browser reaches the service through the proxy. */
  get url(): string {
    return this.url_;
  }

  /** Resets every open connection and refuses new ones until `restore`. */
  cutAll(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  restore(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }

  private accept(client: Socket): void {
    if (this.cut) return void client.resetAndDestroy();
    const upstream = createConnection(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => (socket === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  }
}
