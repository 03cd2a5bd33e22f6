import type { ClickHouseClient } from '@clickhouse/client';
import { connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { compose, type Composition } from '@govmetrics/config';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { LedgerSource } from './auditor/ledger-source';
import type { GatewayConfig } from './gateway.config';

export interface GatewayAdapters {
  clickhouse: ClickHouseClient;
  ledger: LedgerSource;
}

/** ClickHouse migrated, and the ledger as a source opened at its first request (a ledger that is down costs only the auditor endpoints). */
export const composeGateway = (config: GatewayConfig): Promise<Composition<GatewayAdapters>> =>
  compose(async (held) => {
    const clickhouse = held.hold(await connectClickHouse(config), (client) => client.close());
    // The gateway may start before the projector: it needs the tables to answer "nothing yet" rather than fail.
    await migrate(clickhouse, USAGE_MIGRATIONS);
    const ledger = held.hold(new LedgerSource(config.LEDGER_DATABASE_URL, openLedgerStore), (source) => source.close());
    return { clickhouse, ledger };
  });
