import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const KAFKA_SCRIPT = resolve(__dirname, '../../../infra/local/kafka.sh');
const run = promisify(execFile);

/**
 * A Kafka broker of the test's own (own data folder and ports, via infra/local/kafka.sh), for tests that stop
 * the broker: the shared one on 9092 serves other engineers' tests and must never be stopped.
 */
export class PrivateKafka {
  private constructor(
    private readonly env: Record<string, string>,
    readonly brokers: string,
  ) {}

  static async start(): Promise<PrivateKafka> {
    const [port, controllerPort] = [await freePort(), await freePort()];
    const env = {
      GOVMETRICS_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'govmetrics-kafka-')),
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
    };
    const kafka = new PrivateKafka(env, `127.0.0.1:${port}`);
    await kafka.script('start');
    return kafka;
  }

  /** Starts the same broker again, with the data it had. */
  restart(): Promise<void> {
    return this.script('start');
  }

  stop(): Promise<void> {
    return this.script('stop');
  }

  /** Stops the broker and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.env.GOVMETRICS_LOCAL_DIR as string, { recursive: true, force: true });
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [KAFKA_SCRIPT, command], { env: { ...process.env, ...this.env }, timeout: 180_000 });
  }
}
