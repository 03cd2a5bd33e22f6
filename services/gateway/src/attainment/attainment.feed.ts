import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { KpiAttainment } from '@govmetrics/contracts';
import { KpiAttainmentSchema } from '@govmetrics/contracts';
import type { TopicTail } from '@govmetrics/kafka';
import { createKafka, ensureTopics, kpiAttainmentTopic, tailTopic, whenKafkaReady } from '@govmetrics/kafka';
import { AttainmentBoard } from '@govmetrics/scoring';
import { concat, defer, from, type Observable, Subject } from 'rxjs';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

function parseJson(value: Buffer | null): unknown {
  try {
    return JSON.parse(value?.toString() ?? 'null');
  } catch {
    return undefined;
  }
}

/**
 * The gateway's live view of `kpi.attainment.v1`: the whole topic is read at start (snapshots are few: one per
 * changed score), folded into a board of each scorecard's newest snapshot, and every newer snapshot is pushed
 * to the open streams.
 */
@Injectable()
export class AttainmentFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly board = new AttainmentBoard();
  private readonly news = new Subject<KpiAttainment>();
  private tail?: TopicTail;
  private readonly logger = new Logger(AttainmentFeed.name);

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async onModuleInit(): Promise<void> {
    const kafka = createKafka(this.config);
    // The gateway may start before the scoring service: an operator then sees an empty board, not an error.
    const topics = [kpiAttainmentTopic(this.config.KPI_ATTAINMENT_TOPIC)];
    await whenKafkaReady(() => ensureTopics(kafka, topics), this.config.KAFKA_STARTUP_WAIT_MS, (line) => this.logger.warn(line));
    this.tail = await tailTopic(kafka, this.config.KPI_ATTAINMENT_TOPIC, (value) => this.take(value), 'gateway-attainment');
  }

  async onApplicationShutdown(): Promise<void> {
    this.news.complete();
    await this.tail?.stop();
  }

  current(): KpiAttainment[] {
    return this.board.current();
  }

  /**
   * The board as it stands, then every newer snapshot. Taking the board and subscribing happen in one
   * synchronous step, so no snapshot can fall between them.
   */
  follow(): Observable<KpiAttainment> {
    return defer(() => concat(from(this.board.current()), this.news));
  }

  private take(value: Buffer | null): void {
    // Only the scoring service writes the topic; a message that is not a snapshot is logged, never fatal to the board.
    const parsed = KpiAttainmentSchema.safeParse(parseJson(value));
    if (!parsed.success) return this.logger.warn(`skipped a message that is not a KPI attainment: ${parsed.error.message}`);
    if (this.board.accept(parsed.data)) this.news.next(parsed.data);
  }
}
