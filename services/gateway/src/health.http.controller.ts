import { Controller, Get, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { requestSeesDetail } from '@govmetrics/auth-oidc';
import type { FastifyRequest } from 'fastify';
import { AttainmentFeed } from './attainment/attainment.feed';
import { LEDGER_SOURCE, type LedgerSource } from './auditor/ledger-source';
import { CLICKHOUSE } from './gateway.config';

type Health = { status: 'ok' | 'degraded'; scorecards: number; checks: { clickhouse: 'ok'; ledger: 'ok' | 'unavailable' }; ledger?: string };

@Controller('health')
export class HealthHttpController {
  constructor(
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(LEDGER_SOURCE) private readonly ledger: LedgerSource,
    private readonly feed: AttainmentFeed,
  ) {}

  /**
   * Ready when ClickHouse answers (every aggregate query needs it); says how many scorecards the attainment board
   * holds. The ledger is reported beside it but does not make the gateway unready: only the auditor endpoints need it,
   * and they answer 503 on their own. Anyone may ask (liveness); only operators see the checks.
   */
  @Get()
  async health(@Req() request: FastifyRequest): Promise<Health | Pick<Health, 'status'>> {
    const answer = await this.checks();
    return requestSeesDetail('gateway', request) ? answer : { status: answer.status };
  }

  private async checks(): Promise<Health> {
    const [ping, ledgerProblem] = await Promise.all([this.clickhouse.ping(), this.ledger.problem()]);
    if (!ping.success) throw new ServiceUnavailableException({ error: 'clickhouse_unavailable', message: String(ping.error), ledger: ledgerProblem ?? 'ok' });
    const scorecards = this.feed.current().length;
    if (ledgerProblem !== null) return { status: 'degraded', scorecards, checks: { clickhouse: 'ok', ledger: 'unavailable' }, ledger: ledgerProblem };
    return { status: 'ok', scorecards, checks: { clickhouse: 'ok', ledger: 'ok' } };
  }
}
