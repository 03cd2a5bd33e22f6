import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { KpiAttainment } from '@govmetrics/contracts';
import { KpiAttainmentSchema } from '@govmetrics/contracts';
import type { TopicTail } from '@govmetrics/kafka';
import { kpiAttainmentTopic } from '@govmetrics/kafka';
import { AttainmentBoard } from '@govmetrics/scoring';
import { concat, defer, from, type Observable, Subject } from 'rxjs';
import { followTopic } from '../follow-topic';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

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
    // The gateway may start before the scoring service: an operator then sees an empty board, not an error.
    this.tail = await followTopic(
      this.config,
      kpiAttainmentTopic(this.config.KPI_ATTAINMENT_TOPIC),
      KpiAttainmentSchema,
      (attainment) => this.take(attainment),
      {
        groupPrefix: 'gateway-attainment',
        from: 'beginning',
        logger: this.logger,
      },
    );
  }

  /** Whether it follows its topic, and has read what was there when it started (readiness). */
  state(): { attached: boolean; caughtUp: boolean } {
    return this.tail?.state() ?? { attached: false, caughtUp: false };
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

  private take(attainment: KpiAttainment): void {
    if (this.board.accept(attainment)) this.news.next(attainment);
  }
}
