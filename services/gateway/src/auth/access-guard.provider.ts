import type { FactoryProvider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FailedAuthBudget } from '@govmetrics/auth';
import { AccessGuard, Authenticator } from '@govmetrics/auth-oidc';
import { type CachedCredentials, keptTokenDirectory } from '@govmetrics/credentials';
import { GATEWAY_CONFIG, GatewayConfig, KEPT_CREDENTIALS } from '../gateway.config';

/**
 * Every gateway route passes the access matrix (libs/contracts ACCESS_MATRIX) before its controller runs, within a
 * failed-attempt budget per address; tokens are the configured ones, the admins' kept ones (cached), and JWTs.
 */
export const accessGuardProvider: FactoryProvider<AccessGuard> = {
  provide: APP_GUARD,
  inject: [GATEWAY_CONFIG, KEPT_CREDENTIALS],
  useFactory: (config: GatewayConfig, kept: CachedCredentials) => {
    const failures = new FailedAuthBudget({
      failuresPerMinute: config.IP_AUTH_FAILURES_PER_MINUTE,
      burst: config.IP_AUTH_FAILURE_BURST,
      maxAddresses: config.IP_AUTH_FAILURE_ADDRESSES,
    });
    return new AccessGuard('gateway', new Authenticator(config, keptTokenDirectory(kept)), undefined, failures);
  },
};
