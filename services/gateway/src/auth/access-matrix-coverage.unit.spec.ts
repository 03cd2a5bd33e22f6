import { ACCESS_MATRIX } from '@govmetrics/contracts';
import { declaredRoutes } from '@govmetrics/auth-oidc';
import { GatewayModule } from '../app.module';
import type { LedgerSource } from '../auditor/ledger-source';
import { loadGatewayConfig } from '../gateway.config';
import { StreamSlots } from '../stream-limits/stream-slots';

describe('the access matrix covers the gateway', () => {
  it('lists every route the gateway declares, and no route it does not', () => {
    const module = GatewayModule.forRoot(loadGatewayConfig({}), {
      adapters: {
        clickhouse: {} as never,
        ledger: {} as LedgerSource,
        ledgerWriter: {} as LedgerSource,
        streams: new StreamSlots({ perClient: 1, total: 1 }),
        credentials: { source: {} as never, cached: {} as never },
        metrics: { registry: {} as never, verified: () => undefined },
      },
      release: () => Promise.resolve(),
    });
    const listed = ACCESS_MATRIX.filter(({ service }) => service === 'gateway').map(({ method, path }) => `${method} ${path}`);
    expect(declaredRoutes(module).sort()).toEqual(listed.sort());
  });
});
