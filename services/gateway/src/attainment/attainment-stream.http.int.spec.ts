import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { KpiAttainment } from '@govmetrics/contracts';
import { createKafka, ensureTopics, kpiAttainmentTopic } from '@govmetrics/kafka';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { GATEWAY_CONFIG, loadGatewayConfig } from '../gateway.config';
import { StreamSlots } from '../stream-limits/stream-slots';
import { STREAM_REPLAY_CONFIG, StreamReplayConfigSchema } from '../stream-replay/stream-replay.config';
import { StreamEventIds } from '../stream-replay/stream-event-ids';
import { OpenStream } from '../testing/open-stream';
import { AttainmentFeed } from './attainment.feed';
import { AttainmentHttpController } from './attainment.http.controller';

const config = loadGatewayConfig({
  ...process.env,
  KPI_ATTAINMENT_TOPIC: `gateway-attainment-${randomBytes(6).toString('hex')}`,
  GATEWAY_HEARTBEAT_MS: '1000',
});
const REPLAY_EVENTS = 3;

const snapshot = (scorecardId: string, revision: number, overall: number): KpiAttainment => ({
  ledger: { stream: `scores:dga-fy2564:${scorecardId}`, revision: String(revision), hash: 'a'.repeat(64) },
  recordedAt: '2021-09-30T12:00:00+07:00',
  snapshot: { catalogId: 'dga-fy2564', scorecardId, period: 'fy2564', asOf: '2021-09-30T23:59:59+07:00', overall, scores: [], aggregates: [], offsets: [] },
});

/** Each `event: attainment` of a stream's text as [id, scorecard, overall]; heartbeats and gaps left out. */
const attainments = (text: string) =>
  [...text.matchAll(/event: attainment\nid: ([0-9a-f]+-\d+)\ndata: (.*)\n/g)].map(([, id, data]) => {
    const { snapshot: shown } = JSON.parse(data!) as KpiAttainment;
    return [id!, shown.scorecardId, shown.overall] as const;
  });

describe('the attainment stream resumed with Last-Event-ID on real Kafka', () => {
  let app: NestFastifyApplication;
  let producer: Producer;
  let url: string;
  const opened: OpenStream[] = [];
  const open = async (headers: Record<string, string> = {}, query = '') => {
    const { stream } = await OpenStream.open(`${url}${query}`, headers);
    opened.push(stream!);
    return stream!;
  };
  const publish = async (...snapshots: KpiAttainment[]) => {
    await producer.send({ topic: config.KPI_ATTAINMENT_TOPIC, messages: snapshots.map((value) => ({ value: JSON.stringify(value) })) });
  };

  beforeAll(async () => {
    const kafka = createKafka(config);
    await ensureTopics(kafka, [{ ...kpiAttainmentTopic(config.KPI_ATTAINMENT_TOPIC), partitions: 1 }]);
    producer = kafka.producer();
    await producer.connect();
    @Module({
      controllers: [AttainmentHttpController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: StreamSlots, useValue: new StreamSlots({ perClient: 20, total: 100 }) },
        { provide: STREAM_REPLAY_CONFIG, useValue: StreamReplayConfigSchema.parse({ GATEWAY_REPLAY_EVENTS: String(REPLAY_EVENTS) }) },
        { provide: StreamEventIds, useValue: new StreamEventIds() },
        AttainmentFeed,
      ],
    })
    class AttainmentTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(AttainmentTestModule, new FastifyAdapter(), { logger: false });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    url = `${await app.getUrl()}/v1/attainment/stream`;
  }, 90_000);

  afterAll(async () => {
    for (const stream of opened) stream.close();
    await producer?.disconnect();
    await app?.close();
    const admin = createKafka(config).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [config.KPI_ATTAINMENT_TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  }, 60_000);

  it('sends a reconnecting dashboard the snapshots it missed instead of the board, and replay_gap then the board once they were pushed out', async () => {
    // Given a dashboard that saw A at 82 and B at 90, and disconnected
    const first = await open();
    await publish(snapshot('A', 0, 82), snapshot('B', 0, 90));
    await first.until('"overall":90');
    const seen = attainments(first.text);
    expect(seen.map(([, scorecard, overall]) => [scorecard, overall])).toEqual([
      ['A', 82],
      ['B', 90],
    ]);
    first.close();
    // When A moves twice while it is away, and it reconnects naming the last id it saw
    await publish(snapshot('A', 1, 88), snapshot('A', 2, 92));
    const watcher = await open();
    await watcher.until('"overall":92');
    const back = await open({ 'last-event-id': seen.at(-1)![0] });
    await back.until('"overall":92');
    // Then it gets exactly the two moves it missed, in order, and not B's snapshot again
    expect(attainments(back.text).map(([, scorecard, overall]) => [scorecard, overall])).toEqual([
      ['A', 88],
      ['A', 92],
    ]);
    // And one that missed more than the gateway holds (3), a reloaded page naming its last id in the query, is told so,
    // then gets the board: each scorecard's newest
    await publish(snapshot('B', 1, 95), snapshot('B', 2, 98.75));
    await watcher.until('"overall":98.75');
    const late = await open({}, `?last_event_id=${seen.at(-1)![0]}`);
    await late.until('"overall":98.75');
    expect(late.text).toMatch(/^\s*event: replay_gap\nid: [0-9a-f]+-\d+\ndata: \{"lastEventId":"[0-9a-f]+-2","message":"the events after/);
    expect(attainments(late.text).map(([, scorecard, overall]) => [scorecard, overall])).toEqual([
      ['A', 92],
      ['B', 98.75],
    ]);
    // And the ids rise along a stream, the board's included, heartbeats carrying the last one sent
    const ids = attainments(watcher.text).map(([id]) => Number(id.split('-')[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    await watcher.until('event: heartbeat');
    expect(watcher.text).toMatch(new RegExp(`event: heartbeat\\nid: ${attainments(watcher.text).at(-1)![0]}\\n`));
  }, 90_000);
});
