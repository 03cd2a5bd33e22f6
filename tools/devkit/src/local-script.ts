import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalScriptOptions {
  /** The other variables the script reads (ports, offsets) beside its data folder. */
  env: Record<string, string>;
  timeoutMs: number;
  /** A server that switches to its own user when run as root (PostgreSQL's initdb refuses root) must reach the folder. */
  openToServerUser?: boolean;
}

/**
 * One of infra/local's server scripts (`postgres`, `kafka`, `clickhouse`, `cluster`), run against a temporary data
 * folder of its own (GOVMETRICS_LOCAL_DIR): what every private server of the tests has in common.
 */
export class LocalScript {
  private constructor(
    private readonly path: string,
    /** The server's data folder, removed by `removeFolder`. */
    readonly folder: string,
    private readonly options: LocalScriptOptions,
  ) {}

  static inTemporaryFolder(name: 'postgres' | 'kafka' | 'clickhouse' | 'cluster', options: LocalScriptOptions): LocalScript {
    const folder = mkdtempSync(join(tmpdir(), `govmetrics-${name}-`));
    if (options.openToServerUser) chmodSync(folder, 0o755);
    return new LocalScript(resolve(__dirname, `../../../infra/local/${name}.sh`), folder, options);
  }

  /** Runs the script with these arguments; its standard output. */
  async run(...args: string[]): Promise<string> {
    const { stdout } = await run('bash', [this.path, ...args], {
      env: { ...process.env, ...this.options.env, GOVMETRICS_LOCAL_DIR: this.folder },
      maxBuffer: 16 * 1024 * 1024,
      timeout: this.options.timeoutMs,
    });
    return stdout;
  }

  removeFolder(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/**
 * A single server of a test's own, started by its infra/local script on ports of its own, for tests that stop it: the
 * shared servers serve other engineers' tests and must never be stopped.
 */
export abstract class PrivateServer {
  protected constructor(protected readonly script: LocalScript) {}

  /** Starts the same server again, with its data. */
  async restart(): Promise<void> {
    await this.script.run('start');
  }

  /** Stops it through its script (PostgreSQL's is a fast shutdown: open sessions are ended). */
  async stop(): Promise<void> {
    await this.script.run('stop');
  }

  /** Stops the server and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    this.script.removeFolder();
  }
}
