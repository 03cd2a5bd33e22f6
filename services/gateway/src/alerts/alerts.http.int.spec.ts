import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AlertsAnswerSchema, StewardWriteAnswerSchema } from '@govmetrics/contracts';
import { openLedgerStore } from '@govmetrics/event-store-adapters';
import { createTestDatabase } from '@govmetrics/event-store-adapters/testing';
import { importCatalog, Ledger, ledgerStreams } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LedgerSource } from '../auditor/ledger-source';
import { loadGatewayConfig } from '../gateway.config';
import { StreamSlots } from '../stream-limits/stream-slots';
import { OpenStream } from '../testing/open-stream';
import { AlertsModule } from './alerts.module';

const CATALOG = resolve(__dirname, '../../../../catalogs/dga-fy2564.yaml');
const fired = { ruleId: 'gdx-silent', alertId: 'gdx-silent#1', at: '2021-04-02T00:00:00.000Z', summary: 'gdx is silent', observed: { hoursBehind: 50 } };

describe("the gateway's alert endpoints on a real PostgreSQL ledger", () => {
  let ledgerDb: { url: string; drop(): Promise<void> };
  let ledger: Ledger;
  let closeLedger: () => Promise<void>;
  let app: NestFastifyApplication;
  let source: LedgerSource;
  let base: string;
  const streams: OpenStream[] = [];

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const alerts = async () => AlertsAnswerSchema.parse(await (await fetch(`${base}/v1/alerts`)).json());

  beforeAll(async () => {
    // Given a ledger holding the FY2564 catalog, and the alerts module over it (reads and writes, as the gateway wires it)
    ledgerDb = await createTestDatabase('alerts_http');
    const store = await openLedgerStore(ledgerDb.url);
    closeLedger = () => store.close();
    ledger = new Ledger(store);
    const catalog = parseCatalog(readFileSync(CATALOG, 'utf8'), CATALOG);
    const attestations = parseAttestations(readFileSync(CATALOG.replace(/\.yaml$/, '.attested.yaml'), 'utf8')).attestations;
    await importCatalog(ledger, catalog, attestations, { who: 'importer', why: 'spec' }, '2020-10-01');
    source = new LedgerSource(ledgerDb.url, openLedgerStore);
    const config = loadGatewayConfig({ ...process.env, GATEWAY_HEARTBEAT_MS: '1000' });
    const slots = new StreamSlots({ perClient: 5, total: 10 });
    app = await NestFactory.create<NestFastifyApplication>(AlertsModule.forRoot(config, slots, source, source), new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    streams.forEach((stream) => stream.close());
    await app?.close();
    await source?.close();
    await closeLedger?.();
    await ledgerDb?.drop();
  });

  it('records a rule from its effective day with the reason, and refuses a forecast rule on a measure the catalog does not hold (422)', async () => {
    const rule = { ruleId: 'gdx-silent', name: 'GDX silent', condition: { kind: 'platform-silent', platform: 'gdx', hours: 48 }, effective: '2021-01-01' };
    const recorded = await post('/v1/alert-rules', { ...rule, reason: 'GDX feeds A1' });
    expect(recorded.status).toBe(201);
    expect(StewardWriteAnswerSchema.parse(recorded.body)).toMatchObject({ recorded: 1, stream: 'alert-rule:gdx-silent', version: '0' });

    const condition = { kind: 'forecast-threshold', catalogId: 'dga-fy2564', measureId: 'A99', of: 'score', when: 'below', value: 80 };
    const refused = await post('/v1/alert-rules', { ruleId: 'a99', name: 'typo', condition, reason: 'x' });
    expect(refused).toEqual({ status: 422, body: { error: 'refused', message: expect.stringContaining('"A99" of catalog dga-fy2564') } });
    expect((await post('/v1/alert-rules', { ruleId: 'x', name: 'x', condition: { kind: 'nope' }, reason: 'x' })).status).toBe(400);

    const { rules } = await alerts();
    expect(rules).toEqual([
      expect.objectContaining({ ruleId: 'gdx-silent', effective: '2021-01-01', retired: null, set: expect.objectContaining({ why: 'GDX feeds A1' }) }),
    ]);
  });

  it('streams every alert as it stands, then each change live, and resumes after a Last-Event-ID with only what was missed', async () => {
    const opened = await OpenStream.open(`${base}/v1/alerts/stream`);
    expect(opened.status).toBe(200);
    streams.push(opened.stream!);
    await opened.stream!.until('event: heartbeat');

    // When the scoring service records a firing, and someone on call acknowledges it
    await ledger.record(ledgerStreams.alerts('gdx-silent'), { type: 'AlertFired', data: fired }, { who: 'scoring', why: 'evaluated' }, 'no_stream');
    await opened.stream!.until('"state":"firing"');
    const acknowledged = await post(`/v1/alerts/${encodeURIComponent('gdx-silent#1')}/acknowledgements`, { reason: 'calling the GDX team' });
    expect(acknowledged.status).toBe(201);
    await opened.stream!.until('"why":"calling the GDX team"');
    expect((await post(`/v1/alerts/${encodeURIComponent('gdx-silent#2')}/acknowledgements`, { reason: 'x' })).status).toBe(422);

    // Then GET answers the same alert as the stream's last event
    const [alert] = (await alerts()).alerts;
    const lastData = opened
      .stream!.text.split('\n')
      .filter((line) => line.startsWith('data: {"alertId"'))
      .at(-1)!;
    expect(JSON.parse(lastData.slice('data: '.length))).toEqual(alert);
    expect(alert).toMatchObject({ alertId: 'gdx-silent#1', ruleName: 'GDX silent', state: 'firing', acknowledged: { why: 'calling the GDX team' } });

    // And a client that saw the firing gets only the acknowledgement after it
    const firedAt = (await ledger.readStream(ledgerStreams.alerts('gdx-silent')))[0]!.position;
    const resumed = await OpenStream.open(`${base}/v1/alerts/stream`, { 'last-event-id': String(firedAt) });
    streams.push(resumed.stream!);
    await resumed.stream!.until('"why":"calling the GDX team"');
    expect(resumed.stream!.text.match(/event: alert/g)).toHaveLength(1);
  });
});
