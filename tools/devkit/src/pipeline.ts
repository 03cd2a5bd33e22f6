import { randomBytes } from 'node:crypto';
import { freePort } from './free-port';
import { ServiceProcess } from './service-process';

export interface PipelineOptions {
  /** Names the topic, the ClickHouse database and the consumer group, so that runs never share state. */
  runId?: string;
  env?: Record<string, string>;
}

/** The three services of the distributed mode, started as separate processes against the real servers. */
export class Pipeline {
  private constructor(
    readonly runId: string,
    readonly env: Record<string, string>,
    readonly ingestUrl: string,
    readonly gatewayUrl: string,
    readonly services: ServiceProcess[],
  ) {}

  static async start(options: PipelineOptions = {}): Promise<Pipeline> {
    const runId = options.runId ?? `run_${randomBytes(6).toString('hex')}`;
    const [ingestPort, gatewayPort] = [await freePort(), await freePort()];
    const env: Record<string, string> = {
      USAGE_EVENTS_TOPIC: `usage.events.${runId}`,
      CLICKHOUSE_DATABASE: runId,
      PROJECTOR_GROUP_ID: `projector-${runId}`,
      INGEST_PORT: String(ingestPort),
      GATEWAY_PORT: String(gatewayPort),
      ...options.env,
    };
    const services = [ServiceProcess.spawn('ingest', env), ServiceProcess.spawn('projector', env), ServiceProcess.spawn('gateway', env)];
    const pipeline = new Pipeline(runId, env, `http://127.0.0.1:${ingestPort}`, `http://127.0.0.1:${gatewayPort}`, services);
    try {
      await Promise.all(services.map((service) => service.ready(/listening on|consuming /)));
    } catch (error) {
      await pipeline.stop();
      throw error;
    }
    return pipeline;
  }

  service(name: ServiceProcess['name']): ServiceProcess {
    const found = this.services.find((service) => service.name === name);
    if (!found) throw new Error(`no ${name} in this pipeline`);
    return found;
  }

  async stop(): Promise<void> {
    await Promise.all(this.services.map((service) => service.stop()));
  }
}
