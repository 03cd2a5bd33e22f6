import type { FactoryProvider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard, Authenticator } from '@govmetrics/auth-oidc';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.config';

/** Every gateway route passes the access matrix (libs/contracts ACCESS_MATRIX) before its controller runs. */
export const accessGuardProvider: FactoryProvider<AccessGuard> = {
  provide: APP_GUARD,
  inject: [GATEWAY_CONFIG],
  useFactory: (config: GatewayConfig) => new AccessGuard('gateway', new Authenticator(config)),
};
