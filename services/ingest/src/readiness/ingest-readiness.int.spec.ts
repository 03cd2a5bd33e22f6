import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createIngestApp } from '../ingest.app';
import { type IngestConfig, loadIngestConfig } from '../ingest.config';
import { removeIngestRun } from '../edge/ingest-run.testing';
import { issueStaticToken } from '@govmetrics/auth';

const POSTGRES_PORT = 5432;

/** A TCP relay to the shared PostgreSQL that the test can cut and restore: the ingest's view of a database going down. */
class PostgresRelay {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  port = 0;

  async open(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = connect(POSTGRES_PORT, '127.0.0.1');
      for (const socket of [inbound, outbound]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((listening) => server.listen(this.port, '127.0.0.1', listening));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((closed) => (server ? server.close(closed) : closed(undefined)));
  }
}

const operator = issueStaticToken({ subject: 'ops', roles: ['operator'] });
const run = `ingest_ready_${randomBytes(5).toString('hex')}`;
const API_KEY = randomBytes(12).toString('hex');
const relay = new PostgresRelay();

describe('ingest /health (in-process service, real Kafka, PostgreSQL through a relay the test cuts)', () => {
  let app: NestFastifyApplication;
  let url: string;
  let config: IngestConfig;
  const health = async () => {
    const response = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${operator.token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const afterCache = () => new Promise((later) => setTimeout(later, 1100));

  beforeAll(async () => {
    await relay.open();
    config = loadIngestConfig({
      ...process.env,
      INGEST_PORT: '0',
      AUTH_STATIC_TOKENS: JSON.stringify([operator.entry]),
      INGEST_API_KEYS: `gdx=${API_KEY}`,
      EVENT_TIME_NOT_BEFORE: '2020-10-01T00:00:00+07:00',
      USAGE_EVENTS_TOPIC: `usage.events.${run}`,
      COMPLETENESS_TOPIC: `usage.completeness.${run}`,
      VERDICTS_TOPIC: `usage.verdicts.${run}`,
      INGEST_DATABASE_URL: `postgres://postgres@127.0.0.1:${relay.port}/postgres`,
      INGEST_DATABASE_SCHEMA: run,
      RAW_INTAKE_ENABLED: 'false',
      INGEST_PRODUCERS: '1',
    });
    app = await createIngestApp(config, false);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await relay.cut();
    await removeIngestRun(config, `postgres://postgres@127.0.0.1:${POSTGRES_PORT}/postgres`);
  }, 30_000);

  it('is ready when Kafka and the claim store answer', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', checks: { kafka: 'ok', postgres: 'ok' } } });
  });

  it('answers 503 naming PostgreSQL while it does not answer, and is ready again when it does', async () => {
    // When the ingest's PostgreSQL goes away
    await relay.cut();
    await afterCache();

    // Then readiness fails, naming the claim store and why, while Kafka still answers
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ error: 'dependency_unavailable', failed: ['postgres'], checks: { kafka: 'ok' } });
    expect((down.body.checks as { postgres: string }).postgres).toMatch(/idempotency store ping failed: .*ECONNREFUSED/);

    // When PostgreSQL is back on the same address
    await relay.open();
    await afterCache();

    // Then the ingest is ready again, without a restart, and takes a batch
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', checks: { kafka: 'ok', postgres: 'ok' } } });
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'urn:dga:platform:gdx',
      type: USAGE_EVENT_TYPE,
      time: '2021-03-01T10:00:00+07:00',
      data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 1 },
    };
    const sent = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify([event]),
    });
    expect(sent.status).toBe(200);
  }, 30_000);
});
