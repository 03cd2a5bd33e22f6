import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { QuarantineAnswer, QuarantineQuery } from '@govmetrics/contracts';
import type { TopicTail } from '@govmetrics/kafka';
import { createKafka, ensureTopics, QuarantineLog, quarantineTopic, tailTopic, toQuarantineEntry, whenKafkaReady } from '@govmetrics/kafka';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { QUARANTINE_VIEW_CONFIG, type QuarantineViewConfig } from './quarantine.config';

/**
 * The gateway's view of the quarantine topic: read whole at start and followed from then on, folded into a
 * `QuarantineLog`, so a page costs no Kafka round trip (a consumer group join per request would take seconds).
 */
@Injectable()
export class QuarantineFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new QuarantineLog();
  private tail?: TopicTail;
  private readonly logger = new Logger(QuarantineFeed.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(QUARANTINE_VIEW_CONFIG) private readonly view: QuarantineViewConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const kafka = createKafka(this.config);
    const spec = quarantineTopic(this.view.QUARANTINE_TOPIC);
    // The gateway may start before any consumer created the topic: it then shows an empty quarantine.
    const follow = async () => {
      await ensureTopics(kafka, [spec]);
      return tailTopic(kafka, spec.topic, (_value, message, partition) => this.log.accept(toQuarantineEntry(message, partition)), 'gateway-quarantine');
    };
    this.tail = await whenKafkaReady(follow, this.config.KAFKA_STARTUP_WAIT_MS, (line) => this.logger.warn(line));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tail?.stop();
  }

  page(query: QuarantineQuery): QuarantineAnswer {
    return this.log.page(query);
  }
}
