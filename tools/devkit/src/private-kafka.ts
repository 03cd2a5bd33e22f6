import { freePort } from './free-port';
import { LocalScript, PrivateServer } from './local-script';

/** A Kafka broker of the test's own (own data folder and ports, via infra/local/kafka.sh). */
export class PrivateKafka extends PrivateServer {
  private constructor(
    script: LocalScript,
    readonly brokers: string,
  ) {
    super(script);
  }

  static async start(): Promise<PrivateKafka> {
    const [port, controllerPort] = [await freePort(), await freePort()];
    const env = { KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort) };
    const script = LocalScript.inTemporaryFolder('kafka', { env, timeoutMs: 180_000 });
    await script.run('start');
    return new PrivateKafka(script, `127.0.0.1:${port}`);
  }
}
