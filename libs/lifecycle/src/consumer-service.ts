import type { DynamicModule, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerHealth } from '@govmetrics/kafka';
import { KafkaBatchTransport, type KafkaBatchTransportOptions, KeepRpcErrors } from '@govmetrics/kafka/nest';
import { startHealthServer } from './health-server';
import { ShutdownState } from './shutdown-state';

export interface ConsumerServiceOptions {
  /** The service's structured log (`installServiceLogger`). */
  logger: LoggerService;
  module: DynamicModule;
  transport: KafkaBatchTransportOptions;
  /** The health port (`…_HEALTH_PORT`, `HEALTH_HOST`) and how long records may wait on an unmoved commit (`CONSUMER_STALL_MS`). */
  health: { host: string; port: number; stallMs: number };
}

/**
 * Starts a Kafka-consuming service: the module on {@link KafkaBatchTransport}, handler errors kept as thrown (the
 * transport tells poison records from a failing server by them), Nest's shutdown hooks on, then the health port.
 * Ready while the consumer is a member of its group, makes progress, and was not asked to stop. Resolves with the
 * health port.
 */
export async function startConsumerService({ logger, module, transport: options, health }: ConsumerServiceOptions): Promise<number> {
  const transport = new KafkaBatchTransport(options);
  const withState = { ...module, providers: [...(module.providers ?? []), ShutdownState] };
  const app = await NestFactory.createMicroservice(withState, { strategy: transport, logger });
  app.useGlobalFilters(new KeepRpcErrors());
  app.enableShutdownHooks();
  await app.listen();
  const shutdown = app.get(ShutdownState);
  const groupId = options.consumer.groupId;
  const progress = new ConsumerHealth({ kafka: options.kafka, groupId, held: () => transport.heldPartitions(), stallMs: health.stallMs });
  await progress.start();
  const server = await startHealthServer({
    host: health.host,
    port: health.port,
    ready: () => {
      const { ready, reason, partitions } = progress.readiness();
      if (shutdown.draining) return { ready: false, detail: { reason: 'shutting down: finishing the batch in hand, then committing', partitions } };
      return { ready, detail: { group: groupId, ...(reason === undefined ? {} : { reason }), partitions } };
    },
  });
  return server.port;
}
