import type { ClickHouseClient } from '@clickhouse/client';
import { Logger } from '@nestjs/common';
import { awaitServersSchema, connectClickHouseReader, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { compose, type Composition } from '@govmetrics/config';
import { type OpenedCredentials, openCredentials } from '@govmetrics/credentials';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { ledgerInstruments, openMetrics, openStreamsGauge, type Registry } from '@govmetrics/metrics';
import { LedgerSource } from './auditor/ledger-source';
import type { GatewayConfig } from './gateway.config';
import { StreamSlots } from './stream-limits/stream-slots';

export interface GatewayAdapters {
  clickhouse: ClickHouseClient;
  ledger: LedgerSource;
  /** Where stewards' writes append (the ledger's writer); undefined while GATEWAY_STEWARD_WRITES is off. */
  ledgerWriter?: LedgerSource;
  streams: StreamSlots;
  /** Admins' API keys and tokens: the admin endpoints write them, the access guard believes them. */
  credentials: OpenedCredentials;
  metrics: { registry: Registry; verified: (ok: boolean) => void };
}

/**
 * ClickHouse's schema there, and the ledger as sources opened at their first request (a ledger that is down costs only
 * the auditor and steward endpoints): the readers' and, for stewards' writes, the writer's; the credential store likewise.
 */
export const composeGateway = (config: GatewayConfig): Promise<Composition<GatewayAdapters>> =>
  compose(async (held) => {
    const registry = await openMetrics(held, 'gateway', config);
    const streams = new StreamSlots({ perClient: config.GATEWAY_STREAMS_PER_CLIENT, total: config.GATEWAY_STREAMS_TOTAL });
    openStreamsGauge(registry, () => streams.open);
    const { verifications } = ledgerInstruments(registry);
    // A read-only user: the projector owns the schema, and the gateway, which may start first, waits for it.
    const clickhouse = held.hold(connectClickHouseReader(config), (client) => client.close());
    await awaitServersSchema(config, USAGE_MIGRATIONS, {
      timeoutMs: config.CLICKHOUSE_SCHEMA_WAIT_MS,
      onWaiting: (reason) => Logger.warn(`waiting for the projector's schema: ${reason}`, 'Gateway'),
    });
    const ledger = held.hold(new LedgerSource(config.LEDGER_DATABASE_URL, openLedgerStore), (source) => source.close());
    const metrics = { registry, verified: (ok: boolean) => verifications.inc({ result: ok ? 'ok' : 'broken' }) };
    const credentials = openCredentials(config);
    held.hold(credentials.source, (source) => source.close());
    if (config.GATEWAY_STEWARD_WRITES === 'off') return { clickhouse, ledger, streams, credentials, metrics };
    const writerLocation = config.LEDGER_WRITER_URL ?? config.LEDGER_DATABASE_URL;
    const ledgerWriter =
      writerLocation === config.LEDGER_DATABASE_URL ? ledger : held.hold(new LedgerSource(writerLocation, openLedgerStore), (source) => source.close());
    return { clickhouse, ledger, ledgerWriter, streams, credentials, metrics };
  });
