import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Authenticator } from '@govmetrics/auth-oidc';
import { type CachedCredentials, keptApiKeyDirectory } from '@govmetrics/credentials';
import { ACCESS_MATRIX, type VerdictSummary } from '@govmetrics/contracts';
import type { JsonMessagePublisher } from '@govmetrics/kafka';
import { httpMetricsHook } from '@govmetrics/metrics';
import { httpLogging, PinoNestLogger, refuseWhileDraining, serviceLogger } from '@govmetrics/lifecycle';
import type { Logger } from 'pino';
import type { ApiKeyRegistry } from './api-key-registry';
import { IngestModule } from './app.module';
import { AddressLimits } from './edge/address-limits';
import { httpServerOptions } from './edge/http-server-options';
import { installRequestGate, RequestGate } from './edge/request-gate';
import { composeIngest } from './ingest.composition';
import type { IngestConfig } from './ingest.config';
import { API_KEYS, INGEST_AUTHENTICATOR, KEPT_CREDENTIALS, VERDICTS_PUBLISHER } from './ingest.tokens';
import { BatchRefusalSummaries } from './record-usage-events/batch-refusal-summary';
import { IngestRefusalFilter } from './record-usage-events/ingest-refusal.filter';

/** The routes that take a platform's credential: the access matrix's ingest routes that are not open. */
const PLATFORM_ROUTES: ReadonlySet<string> = new Set(
  ACCESS_MATRIX.filter((route) => route.service === 'ingest' && route.roles !== 'open').map((route) => `${route.method} ${route.path}`),
);

const asText = (_request: unknown, body: string, done: (error: null, body: string) => void) => done(null, body);

/** The ingest composed (see `composeIngest`) as a Nest application on Fastify, not yet listening: main.ts and the in-process tests share it. */
export async function createIngestApp(config: IngestConfig, logger: false | Logger = serviceLogger('ingest')): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ ...httpServerOptions(config), ...(logger ? httpLogging(logger) : {}) });
  // Bodies reach the controller as text so that a malformed batch gets the documented error shape.
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson'], { parseAs: 'string' }, asText);
  const composition = await composeIngest(config);
  fastify.addHook('onResponse', httpMetricsHook(composition.adapters.metrics.registry));
  const app = await NestFactory.create<NestFastifyApplication>(IngestModule.forRoot(config, composition), adapter, {
    logger: logger ? new PinoNestLogger(logger) : false,
    bodyParser: false,
  }).catch(async (error: unknown) => {
    await composition.release();
    throw error;
  });
  refuseWhileDraining(app);
  const limits = new AddressLimits({
    requestsPerSecond: config.IP_RATE_LIMIT_REQUESTS_PER_SECOND,
    requestBurst: config.IP_RATE_LIMIT_BURST,
    authFailuresPerMinute: config.IP_AUTH_FAILURES_PER_MINUTE,
    authFailureBurst: config.IP_AUTH_FAILURE_BURST,
  });
  const authenticator = app.get<Authenticator>(INGEST_AUTHENTICATOR);
  // A token that does not verify is answered like an unknown key (401), counted against the address.
  const resolveToken = (authorization: string) => authenticator.principalOf(authorization).catch(() => undefined);
  const keptKeys = keptApiKeyDirectory(app.get<CachedCredentials>(KEPT_CREDENTIALS));
  installRequestGate(app, new RequestGate(limits, app.get<ApiKeyRegistry>(API_KEYS), PLATFORM_ROUTES, keptKeys), resolveToken);
  const summaries = new BatchRefusalSummaries(app.get<JsonMessagePublisher<VerdictSummary>>(VERDICTS_PUBLISHER), (line) =>
    NestLogger.warn(line, IngestRefusalFilter.name),
  );
  app.useGlobalFilters(new IngestRefusalFilter(app.getHttpAdapter(), config.MAX_BATCH_BYTES, summaries));
  app.enableShutdownHooks();
  return app;
}
