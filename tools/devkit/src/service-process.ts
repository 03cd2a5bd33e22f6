import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export type ServiceName = 'ingest' | 'projector' | 'gateway' | 'scoring';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** A service running as its own OS process, exactly as in the distributed mode. */
export class ServiceProcess {
  private output = '';
  private exited = false;

  private constructor(
    readonly name: ServiceName,
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', () => {
      this.exited = true;
    });
  }

  static spawn(name: ServiceName, env: Record<string, string>): ServiceProcess {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(name, child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output;
  }

  /** Resolves once the service printed `readyLine`; rejects with its output if it exits or takes too long. */
  async ready(readyLine: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!readyLine.test(this.output)) {
      if (this.exited) throw new Error(`${this.name} exited during start:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** SIGTERM for a clean stop, SIGKILL to simulate a crash. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill(signal);
    const timeout = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timeout);
  }
}
