import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { LocalScript, PrivateServer } from './local-script';

const run = promisify(execFile);

/**
 * A ClickHouse server of the test's own (own data folder and ports, via infra/local/clickhouse.sh), for tests that
 * pause or stop it: the shared one on 8123 must never be paused.
 */
export class PrivateClickHouse extends PrivateServer {
  private constructor(
    script: LocalScript,
    readonly url: string,
  ) {
    super(script);
  }

  static async start(): Promise<PrivateClickHouse> {
    const [http, tcp] = [await freePort(), await freePort()];
    const env = { CLICKHOUSE_HTTP_PORT: String(http), CLICKHOUSE_TCP_PORT: String(tcp) };
    const script = LocalScript.inTemporaryFolder('clickhouse', { env, timeoutMs: 120_000 });
    await script.run('start');
    return new PrivateClickHouse(script, `http://127.0.0.1:${http}`);
  }

  /** SIGSTOP: the server keeps its connections but answers nothing, as a hung disk or a stop-the-world pause would. */
  async pause(): Promise<void> {
    await this.signal('STOP');
  }

  /** SIGCONT: the paused server carries on where it was. */
  async resume(): Promise<void> {
    await this.signal('CONT');
  }

  /** Resumes it first: a paused server ignores SIGTERM. */
  override async destroy(): Promise<void> {
    await this.resume().catch(() => undefined);
    await super.destroy();
  }

  /** Only the processes whose command line names this server's own config file. */
  private async signal(name: 'STOP' | 'CONT'): Promise<void> {
    const config = join(this.script.folder, 'clickhouse', 'config.xml');
    const { stdout } = await run('pgrep', ['-f', '--', config]);
    const pids = stdout.split('\n').filter(Boolean).map(Number);
    if (pids.length === 0) throw new Error(`no ClickHouse server runs with ${config}`);
    for (const pid of pids) process.kill(pid, `SIG${name}`);
  }
}
