import type { FactoryProvider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard, Authenticator } from '@govmetrics/auth-oidc';
import type { Principal } from '@govmetrics/contracts';
import { type CachedCredentials, keptTokenDirectory } from '@govmetrics/credentials';
import type { FastifyRequest } from 'fastify';
import { authenticatedHolder } from '../edge/request-gate';
import { INGEST_CONFIG, IngestConfig } from '../ingest.config';
import { INGEST_AUTHENTICATOR, KEPT_CREDENTIALS } from '../ingest.tokens';

/** A platform API key the request gate accepted is the platform role, bound to its platform. */
const apiKeyPrincipal = (request: FastifyRequest): Principal | undefined => {
  const holder = authenticatedHolder(request);
  return holder && { subject: holder.keyId, roles: ['platform'], platform: holder.platform, via: 'api_key' };
};

export const authenticatorProvider: FactoryProvider<Authenticator> = {
  provide: INGEST_AUTHENTICATOR,
  inject: [INGEST_CONFIG, KEPT_CREDENTIALS],
  useFactory: (config: IngestConfig, kept: CachedCredentials) => new Authenticator(config, keptTokenDirectory(kept)),
};

/** Every ingest route passes the access matrix (libs/contracts ACCESS_MATRIX) before its controller runs. */
export const accessGuardProvider: FactoryProvider<AccessGuard> = {
  provide: APP_GUARD,
  inject: [INGEST_AUTHENTICATOR],
  useFactory: (authenticator: Authenticator) => new AccessGuard('ingest', authenticator, apiKeyPrincipal),
};
