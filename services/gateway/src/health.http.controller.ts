import { Controller, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { requestSeesDetail } from '@govmetrics/auth-oidc';
import { HealthEndpoints, ShutdownState } from '@govmetrics/lifecycle';
import type { FastifyRequest } from 'fastify';
import { AggregateAnnouncementsFeed } from './aggregate-stream/aggregate-announcements.feed';
import { AttainmentFeed } from './attainment/attainment.feed';
import { LEDGER_SOURCE, type LedgerSource } from './auditor/ledger-source';
import { CLICKHOUSE } from './gateway.config';

type FeedState = 'caught_up' | 'catching_up' | 'detached';
type Checks = { clickhouse: 'ok'; ledger: 'ok' | 'unavailable'; attainmentFeed: FeedState; aggregatesFeed: FeedState };
type Health = { status: 'ok' | 'degraded'; scorecards: number; checks: Checks; ledger?: string };

const feedState = ({ attached, caughtUp }: { attached: boolean; caughtUp: boolean }): FeedState =>
  caughtUp ? 'caught_up' : attached ? 'catching_up' : 'detached';

@Controller('health')
export class HealthHttpController extends HealthEndpoints<Health | Pick<Health, 'status'>> {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(LEDGER_SOURCE) private readonly ledger: LedgerSource,
    private readonly attainment: AttainmentFeed,
    private readonly announcements: AggregateAnnouncementsFeed,
    private readonly shutdown: ShutdownState,
  ) {
    super();
  }

  /**
   * Ready when ClickHouse answers (every aggregate query needs it) and both live feeds are caught up with their topics
   * (the attainment board read to the end, the announcements followed): a gateway still reading its board would show
   * stale scores. The ledger is reported beside it but does not make the gateway unready: only the auditor endpoints
   * need it, and they answer 503 on their own. Anyone may ask; only operators see the checks.
   */
  protected async readiness(request: FastifyRequest): Promise<Health | Pick<Health, 'status'>> {
    const answer = await this.checks();
    return requestSeesDetail('gateway', request) ? answer : { status: answer.status };
  }

  private async checks(): Promise<Health> {
    if (this.shutdown.draining) throw new ServiceUnavailableException({ error: 'shutting_down' });
    const [ping, ledgerProblem] = await Promise.all([this.clickhouse.ping(), this.ledger.problem()]);
    if (!ping.success) throw new ServiceUnavailableException({ error: 'clickhouse_unavailable', message: String(ping.error), ledger: ledgerProblem ?? 'ok' });
    const feeds = { attainmentFeed: feedState(this.attainment.state()), aggregatesFeed: feedState(this.announcements.state()) };
    if (feeds.attainmentFeed !== 'caught_up' || feeds.aggregatesFeed !== 'caught_up')
      throw new ServiceUnavailableException({ error: 'feeds_not_caught_up', ...feeds });
    const scorecards = this.attainment.current().length;
    if (ledgerProblem !== null) return { status: 'degraded', scorecards, checks: { clickhouse: 'ok', ledger: 'unavailable', ...feeds }, ledger: ledgerProblem };
    return { status: 'ok', scorecards, checks: { clickhouse: 'ok', ledger: 'ok', ...feeds } };
  }
}
