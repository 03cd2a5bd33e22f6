import { type DynamicModule, Module } from '@nestjs/common';
import type { LedgerSource } from '../auditor/ledger-source';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { StreamSlots } from '../stream-limits/stream-slots';
import { ALERTS_LEDGER_WRITER, AlertWritesHttpController } from './alert-writes.http.controller';
import { ALERTS_LEDGER, AlertsHttpController } from './alerts.http.controller';

/** Alerts read from the ledger (once and live), and, when stewards' writes are on, rules and acknowledgements written to it. */
@Module({})
export class AlertsModule {
  static forRoot(config: GatewayConfig, streams: StreamSlots, ledger: LedgerSource, writer: LedgerSource | undefined): DynamicModule {
    return {
      module: AlertsModule,
      controllers: [AlertsHttpController, ...(writer ? [AlertWritesHttpController] : [])],
      providers: [
        { provide: ALERTS_LEDGER, useValue: ledger },
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: StreamSlots, useValue: streams },
        ...(writer ? [{ provide: ALERTS_LEDGER_WRITER, useValue: writer }] : []),
      ],
    };
  }
}
