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

  it('records a rule from its effective day with the reason, and refuses a malformed one (400)', async () => {
    const rule = { ruleId: 'gdx-silent', name: 'GDX silent', condition: { kind: 'platform-silent', platform: 'gdx', hours: 48 }, effective: '2021-01-01' };
    const recorded = await post('/v1/alert-rules', { ...rule, reason: 'GDX feeds A1' });
    expect(recorded.status).toBe(201);
    expect(StewardWriteAnswerSchema.parse(recorded.body)).toMatchObject({ recorded: 1, stream: 'alert-rule:gdx-silent', version: '0' });
    expect((await post('/v1/alert-rules', { ruleId: 'x', name: 'x', condition: { kind: 'nope' }, reason: 'x' })).status).toBe(400);

    const { rules } = await alerts();
    expect(rules).toEqual([
      expect.objectContaining({ ruleId: 'gdx-silent', effective: '2021-01-01', retired: null, set: expect.objectContaining({ why: 'GDX feeds A1' }) }),
    ]);
  });

  it('refuses, 400 naming the field and the rule, a forecast or deadline rule on what the catalog in force on its effective day does not hold', async () => {
    const threshold = { kind: 'forecast-threshold', catalogId: 'dga-fy2564', of: 'score', when: 'below', value: 80 };
    const attempt = (ruleId: string, condition: Record<string, unknown>, effective = '2021-04-01') =>
      post('/v1/alert-rules', { ruleId, name: ruleId, condition, effective, reason: 'hostile input' });
    const invalid = (message: string) => ({ status: 400, body: { error: 'invalid_request', message } });

    expect(await attempt('a99', { ...threshold, measureId: 'A99' })).toEqual(
      invalid('$.condition.measureId: rule a99 watches "A99", which is not a measure of catalog dga-fy2564 as in force on 2021-04-01'),
    );
    expect(await attempt('a6', { ...threshold, measureId: 'A6' })).toEqual(
      invalid('$.condition.measureId: rule a6 watches "A6", which is not a measure of catalog dga-fy2564 as in force on 2021-04-01'),
    );
    expect(await attempt('fy99', { kind: 'status-change', catalogId: 'dga-fy2599', nodeId: 'A', to: ['off-track'] })).toEqual(
      invalid('$.condition.catalogId: rule fy99 names catalog "dga-fy2599", which the ledger does not hold on 2021-04-01'),
    );
    expect(await attempt('z9', { kind: 'status-change', catalogId: 'dga-fy2564', nodeId: 'Z9', to: ['off-track'] })).toEqual(
      invalid('$.condition.nodeId: rule z9 watches "Z9", which is not a node of catalog dga-fy2564 as in force on 2021-04-01'),
    );
    // The catalog was imported from 2020-10-01: the day before, the ledger holds no catalog for the rule to watch.
    expect(await attempt('early', { ...threshold, measureId: 'A3' }, '2020-09-30')).toEqual(
      invalid('$.condition.catalogId: rule early names catalog "dga-fy2564", which the ledger does not hold on 2020-09-30'),
    );
    expect(await attempt('a3-deadline', { kind: 'provisional-past-deadline', catalogId: 'dga-fy2564', scorecardId: 'A3', hours: 72 })).toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/^\$\.condition\.scorecardId: rule a3-deadline watches "A3", which is not a scorecard/) },
    });

    // A threshold on a single-target indicator's measure is a measure's, and is recorded; none of the refused ones is
    expect((await attempt('a3-score', { ...threshold, measureId: 'A3' })).status).toBe(201);
    const ids = (await alerts()).rules.map((rule) => rule.ruleId);
    expect(ids).toContain('a3-score');
    expect(ids.filter((id) => ['a99', 'a6', 'fy99', 'z9', 'early', 'a3-deadline'].includes(id))).toEqual([]);
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
