import { type DynamicModule, Module } from '@nestjs/common';
import { LEDGER_SOURCE, type LedgerSource } from '../auditor/ledger-source';
import { StewardWritesHttpController } from './steward-writes.http.controller';

/** Stewards' writes to the governance ledger (catalog import, target revisions, attestations), as the token's subject. */
@Module({})
export class StewardsModule {
  static forRoot(ledger: LedgerSource): DynamicModule {
    return { module: StewardsModule, controllers: [StewardWritesHttpController], providers: [{ provide: LEDGER_SOURCE, useValue: ledger }] };
  }
}
