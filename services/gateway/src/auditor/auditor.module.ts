import { type DynamicModule, Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from '../gateway.config';
import { ForecastsHttpController } from './forecasts.http.controller';
import { LEDGER_SOURCE, type LedgerSource } from './ledger-source';
import { LEDGER_VERIFIED } from './ledger.http.controller';
import { LedgerHttpController } from './ledger.http.controller';
import { ScorecardsHttpController } from './scorecards.http.controller';
import { loadSignedHeadsViewConfig, SIGNED_HEADS_VIEW_CONFIG } from './signed-heads.config';
import { SignedHeadsFeed } from './signed-heads.feed';

/**
 * The auditor's read-only side: scorecards as of a past day, forecasts as of a day of the period, the ledger's
 * verification (against the signed heads published) and history.
 */
@Module({})
export class AuditorModule {
  /** `ledger` is released by whoever opened it (the gateway's composition); `verified` is told each verification's result (metrics). */
  static forRoot(
    ledger: LedgerSource,
    clickhouse: ClickHouseClient,
    env: NodeJS.ProcessEnv = process.env,
    verified: (ok: boolean) => void = () => undefined,
  ): DynamicModule {
    return {
      module: AuditorModule,
      controllers: [ScorecardsHttpController, ForecastsHttpController, LedgerHttpController],
      providers: [
        { provide: LEDGER_SOURCE, useValue: ledger },
        { provide: CLICKHOUSE, useValue: clickhouse },
        { provide: SIGNED_HEADS_VIEW_CONFIG, useValue: loadSignedHeadsViewConfig(env) },
        SignedHeadsFeed,
        { provide: LEDGER_VERIFIED, useValue: verified },
      ],
      exports: [LEDGER_SOURCE],
    };
  }
}
