import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const CLICKHOUSE_SCRIPT = resolve(__dirname, '../../../infra/local/clickhouse.sh');
const run = promisify(execFile);

/**
 * A ClickHouse server of the test's own (own data folder and ports, via infra/local/clickhouse.sh), for tests that
 * pause or stop it: the shared one on 8123 serves other engineers' tests and must never be paused.
 */
export class PrivateClickHouse {
  private constructor(
    private readonly env: Record<string, string>,
    readonly url: string,
  ) {}

  static async start(): Promise<PrivateClickHouse> {
    const [http, tcp] = [await freePort(), await freePort()];
    const env = {
      GOVMETRICS_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'govmetrics-clickhouse-')),
      CLICKHOUSE_HTTP_PORT: String(http),
      CLICKHOUSE_TCP_PORT: String(tcp),
    };
    const server = new PrivateClickHouse(env, `http://127.0.0.1:${http}`);
    await server.script('start');
    return server;
  }

  /** SIGSTOP: the server keeps its connections but answers nothing, as a hung disk or a stop-the-world pause would. */
  async pause(): Promise<void> {
    await this.signal('STOP');
  }

  /** SIGCONT: the paused server carries on where it was. */
  async resume(): Promise<void> {
    await this.signal('CONT');
  }

  /** Resumes it (a paused server ignores SIGTERM), stops it and removes its data folder. */
  async destroy(): Promise<void> {
    await this.resume().catch(() => undefined);
    await this.script('stop').catch(() => undefined);
    rmSync(this.env.GOVMETRICS_LOCAL_DIR as string, { recursive: true, force: true });
  }

  /** Only the processes whose command line names this server's own config file. */
  private async signal(name: 'STOP' | 'CONT'): Promise<void> {
    const config = join(this.env.GOVMETRICS_LOCAL_DIR as string, 'clickhouse', 'config.xml');
    const { stdout } = await run('pgrep', ['-f', '--', config]);
    const pids = stdout.split('\n').filter(Boolean).map(Number);
    if (pids.length === 0) throw new Error(`no ClickHouse server runs with ${config}`);
    for (const pid of pids) process.kill(pid, `SIG${name}`);
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [CLICKHOUSE_SCRIPT, command], { env: { ...process.env, ...this.env }, timeout: 120_000 });
  }
}
