import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const POSTGRES_SCRIPT = resolve(__dirname, '../../../infra/local/postgres.sh');
const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary folder, another port, via infra/local/postgres.sh),
 * for tests that stop it: the shared one on 5432 serves other engineers' tests and must never be stopped.
 */
export class PrivatePostgres {
  private constructor(
    private readonly env: Record<string, string>,
    /** The superuser's URL, trusted on the loopback like the shared cluster's. */
    readonly url: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const port = await freePort();
    const folder = mkdtempSync(join(tmpdir(), 'govmetrics-postgres-'));
    // The cluster belongs to the postgres user when run as root (initdb refuses root), which must reach its folder.
    chmodSync(folder, 0o755);
    const server = new PrivatePostgres({ GOVMETRICS_LOCAL_DIR: folder, PGPORT: String(port) }, `postgres://postgres@127.0.0.1:${port}/postgres`);
    await server.script('start');
    return server;
  }

  /** Starts the same cluster again, with its data. */
  restart(): Promise<void> {
    return this.script('start');
  }

  /** A fast shutdown: open sessions are ended and the server exits. */
  stop(): Promise<void> {
    return this.script('stop');
  }

  /** Stops the cluster and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.env.GOVMETRICS_LOCAL_DIR as string, { recursive: true, force: true });
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [POSTGRES_SCRIPT, command], { env: { ...process.env, ...this.env }, timeout: 120_000 });
  }
}
