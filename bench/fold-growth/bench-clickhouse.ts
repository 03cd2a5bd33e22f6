import { freePort } from '@govmetrics/devkit';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');
const run = promisify(execFile);

/**
 * A ClickHouse server of the bench's own (infra/local/clickhouse.sh on free ports, data under .local/bench-fold-growth-*),
 * so filling 100 M rows neither slows nor is slowed by the shared server's other users. `stop` removes its data.
 */
export class BenchClickHouse {
  private constructor(
    private readonly env: Record<string, string>,
    readonly url: string,
  ) {}

  static async start(): Promise<BenchClickHouse> {
    const [http, tcp] = [await freePort(), await freePort()];
    const dir = resolve(ROOT, '.local', `bench-fold-growth-${randomBytes(4).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    const server = new BenchClickHouse(
      { GOVMETRICS_LOCAL_DIR: dir, CLICKHOUSE_HTTP_PORT: String(http), CLICKHOUSE_TCP_PORT: String(tcp) },
      `http://127.0.0.1:${http}`,
    );
    await server.script('start').catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    return server;
  }

  async stop(): Promise<void> {
    await this.script('stop').catch((error: unknown) => console.error('stopping the bench ClickHouse failed:', error));
    rmSync(this.env.GOVMETRICS_LOCAL_DIR as string, { recursive: true, force: true });
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [resolve(ROOT, 'infra/local/clickhouse.sh'), command], { env: { ...process.env, ...this.env }, timeout: 120_000 });
  }
}
