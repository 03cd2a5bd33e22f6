import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port';

export type ServiceName = 'ingest' | 'projector' | 'gateway' | 'scoring';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/** Where each service answers `/health/ready`: the HTTP API's own port, or the consumers' health port. */
export const HEALTH_PORT_KEY: Record<ServiceName, string> = {
  ingest: 'INGEST_PORT',
  gateway: 'GATEWAY_PORT',
  projector: 'PROJECTOR_HEALTH_PORT',
  scoring: 'SCORING_HEALTH_PORT',
};

/**
 * The inherited environment less FORCE_COLOR, which Nx sets for its tasks: beside NO_COLOR it makes Node print a
 * plain-text warning on stderr, and a service's every line must be JSON (docs/operations.md, "Logs").
 */
function withoutForcedColour(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _forced, ...rest } = env;
  return rest;
}

/** The env with the service's health port set (a free one unless the caller chose it). */
async function withHealthPort(name: ServiceName, env: Record<string, string>): Promise<Record<string, string>> {
  const key = HEALTH_PORT_KEY[name];
  return env[key] === undefined ? { ...env, [key]: String(await freePort()) } : env;
}

async function answersReady(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
  await response?.body?.cancel();
  return response?.status === 200;
}

/** A service running as its own OS process, exactly as in the distributed mode. */
export class ServiceProcess {
  private output = '';
  private readonly written: Buffer[] = [];
  private exited = false;
  private stopAsked = false;
  /** Resolves when the process has exited, however it ended. */
  readonly exit: Promise<void>;

  private constructor(
    readonly name: ServiceName,
    private readonly child: ChildProcess,
    /** The environment it was started with (beside the inherited one): a restart uses the same. */
    readonly env: Record<string, string>,
    readonly readinessUrl: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
      this.written.push(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exit = new Promise((done) =>
      child.on('exit', () => {
        this.exited = true;
        done();
      }),
    );
  }

  /** Whether it exited without `stop` being asked: killed from outside, or crashed. */
  get exitedUnasked(): boolean {
    return this.exited && !this.stopAsked;
  }

  /** Starts the service with `env`; its health port is a free one unless `env` names it. */
  static async spawn(name: ServiceName, env: Record<string, string>): Promise<ServiceProcess> {
    const chosen = await withHealthPort(name, env);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
      cwd: WORKSPACE_ROOT,
      env: { ...withoutForcedColour(process.env), ...chosen, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(name, child, chosen, `http://127.0.0.1:${chosen[HEALTH_PORT_KEY[name]]}/health/ready`);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The tail of its output, for error messages. */
  get log(): string {
    return this.output;
  }

  /** Every line it wrote to stdout and stderr since it started (tests read all of them, e.g. for personal data). */
  logLines(): string[] {
    return Buffer.concat(this.written).toString().split('\n').filter(Boolean);
  }

  /** Whether its `/health/ready` answers 200 now. */
  isReady(): Promise<boolean> {
    return answersReady(this.readinessUrl);
  }

  /** Resolves once the service is ready (its `/health/ready` answers 200); rejects with its output if it exits or takes too long. */
  async ready(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.isReady())) {
      if (this.exited) throw new Error(`${this.name} exited during start:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms:\n${this.output}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /**
   * SIGTERM for a clean stop (SIGKILL after `graceMs` if it has not exited by then), SIGKILL to simulate a crash.
   * Resolves with how it ended: `forced` when the grace ran out, and how long it took.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM', graceMs = 15_000): Promise<{ forced: boolean; tookMs: number }> {
    this.stopAsked = true;
    if (this.exited) return { forced: false, tookMs: 0 };
    const began = Date.now();
    let forced = false;
    const gone = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill(signal);
    const timeout = setTimeout(() => {
      forced = true;
      this.child.kill('SIGKILL');
    }, graceMs);
    await gone;
    clearTimeout(timeout);
    return { forced, tookMs: Date.now() - began };
  }
}
