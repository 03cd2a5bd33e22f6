import type { KafkaClientConfig } from '@govmetrics/kafka';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const SCRIPT = resolve(__dirname, '../../../infra/local/kafka-secure.sh');
const run = promisify(execFile);

/**
 * A secured broker of the test's own (SASL/SCRAM, ACLs from the one table) via infra/local/kafka-secure.sh, in a
 * temporary folder on free ports: neither the shared plain broker nor a developer's secured one on 9192 is touched.
 */
export class SecuredKafka {
  private constructor(
    private readonly env: Record<string, string>,
    readonly brokers: string[],
    private readonly tls: boolean,
  ) {}

  /** `tls`: SASL_SSL with a CA of the broker's own (`caFile`), instead of SASL_PLAINTEXT. */
  static async start(options: { tls?: boolean } = {}): Promise<SecuredKafka> {
    const [port, controllerPort] = [await freePort(), await freePort()];
    const env = {
      KAFKA_SECURE_HOME: mkdtempSync(join(tmpdir(), 'govmetrics-kafka-secure-')),
      KAFKA_SECURE_PORT: String(port),
      KAFKA_SECURE_CONTROLLER_PORT: String(controllerPort),
      KAFKA_SECURE_TLS: String(options.tls ?? false),
    };
    const kafka = new SecuredKafka(env, [`127.0.0.1:${port}`], options.tls ?? false);
    try {
      await kafka.script('start');
    } catch (error) {
      await kafka.destroy();
      throw error;
    }
    return kafka;
  }

  /** Client settings for `principal` (a SCRAM user the script created), reading its password from its file. */
  clientAs(principal: string, clientId = principal): KafkaClientConfig {
    return {
      KAFKA_BROKERS: this.brokers,
      KAFKA_CLIENT_ID: clientId,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: principal,
      KAFKA_SASL_PASSWORD_FILE: this.passwordFile(principal),
      ...(this.tls ? { KAFKA_TLS_CA_FILE: this.caFile } : {}),
    };
  }

  /** The CA that signed the broker's certificate (with `tls`). */
  get caFile(): string {
    return join(this.env.KAFKA_SECURE_HOME as string, 'tls', 'ca.pem');
  }

  passwordFile(principal: string): string {
    return join(this.env.KAFKA_SECURE_HOME as string, 'credentials', `${principal}.password`);
  }

  /** Stops the broker and deletes its data and credentials. */
  async destroy(): Promise<void> {
    await this.script('destroy').catch(() => undefined);
    rmSync(this.env.KAFKA_SECURE_HOME as string, { recursive: true, force: true });
  }

  private async script(command: 'start' | 'destroy'): Promise<void> {
    await run('bash', [SCRIPT, command], { env: { ...process.env, ...this.env }, timeout: 240_000 });
  }
}
