import type { FactoryProvider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FailedAuthBudget } from '@govmetrics/auth';
import { AccessGuard, Authenticator } from '@govmetrics/auth-oidc';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';

/** Every gateway route passes the access matrix (libs/contracts ACCESS_MATRIX) before its controller runs, within a failed-attempt budget per address. */
export const accessGuardProvider: FactoryProvider<AccessGuard> = {
  provide: APP_GUARD,
  inject: [GATEWAY_CONFIG],
  useFactory: (config: GatewayConfig) => {
    const failures = new FailedAuthBudget({
      failuresPerMinute: config.IP_AUTH_FAILURES_PER_MINUTE,
      burst: config.IP_AUTH_FAILURE_BURST,
      maxAddresses: config.IP_AUTH_FAILURE_ADDRESSES,
    });
    return new AccessGuard('gateway', new Authenticator(config), undefined, failures);
  },
};
