import { type DynamicModule, Module } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from '../gateway.config';
import { LEDGER_SOURCE, type LedgerSource } from './ledger-source';
import { LedgerHttpController } from './ledger.http.controller';
import { ScorecardsHttpController } from './scorecards.http.controller';

/** The auditor's read-only side: scorecards as of a past day, the ledger's verification and history. */
@Module({})
export class AuditorModule {
  /** `ledger` is released by whoever opened it (the gateway's composition). */
  static forRoot(ledger: LedgerSource, clickhouse: ClickHouseClient): DynamicModule {
    return {
      module: AuditorModule,
      controllers: [ScorecardsHttpController, LedgerHttpController],
      providers: [{ provide: LEDGER_SOURCE, useValue: ledger }, { provide: CLICKHOUSE, useValue: clickhouse }],
      exports: [LEDGER_SOURCE],
    };
  }
}
