import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type ServiceName = 'ingest' | 'projector' | 'gateway' | 'scoring';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** The HTTP services answer `/health`; the consumers write their READY_FILE once they consume. */
const HTTP_PORT_KEY: Partial<Record<ServiceName, string>> = { ingest: 'INGEST_PORT', gateway: 'GATEWAY_PORT' };

type Readiness = { health: string } | { file: string };

function readinessOf(name: ServiceName, env: Record<string, string>): Readiness {
  const portKey = HTTP_PORT_KEY[name];
  if (portKey === undefined) return { file: join(tmpdir(), `govmetrics-${name}-${randomBytes(6).toString('hex')}.ready`) };
  const port = env[portKey];
  if (port === undefined) throw new Error(`${name}: set ${portKey}, where its /health will be asked whether it is ready`);
  return { health: `http://127.0.0.1:${port}/health` };
}

async function answersReady(readiness: Readiness): Promise<boolean> {
  if ('file' in readiness) return existsSync(readiness.file);
  const response = await fetch(readiness.health, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
  return response?.status === 200;
}

/** A service running as its own OS process, exactly as in the distributed mode. */
export class ServiceProcess {
  private output = '';
  private exited = false;

  private constructor(
    readonly name: ServiceName,
    private readonly child: ChildProcess,
    private readonly readiness: Readiness,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', () => {
      this.exited = true;
      if ('file' in readiness) rmSync(readiness.file, { force: true });
    });
  }

  static spawn(name: ServiceName, env: Record<string, string>): ServiceProcess {
    const readiness = readinessOf(name, env);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...env, ...('file' in readiness ? { READY_FILE: readiness.file } : {}), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(name, child, readiness);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output;
  }

  /** Resolves once the service is ready (its `/health` answers 200, or it wrote its ready file); rejects with its output if it exits or takes too long. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await answersReady(this.readiness))) {
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
