import 'reflect-metadata';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectClickHouse, migrate, queryBucketTotals, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import type { AggregatesChanged } from '@govmetrics/contracts';
import { AggregatesChangedPublisher, createKafka } from '@govmetrics/kafka';
import type { Bucket } from '@govmetrics/projection';
import { randomBytes } from 'node:crypto';
import { CLICKHOUSE, GATEWAY_CONFIG, loadGatewayConfig } from '../gateway.config';
import { MetricTotalHttpController } from '../metric-totals/metric-total.http.controller';
import { StreamSlots } from '../stream-limits/stream-slots';
import { STREAM_REPLAY_CONFIG, StreamReplayConfigSchema } from '../stream-replay/stream-replay.config';
import { StreamEventIds } from '../stream-replay/stream-event-ids';
import { AggregateAnnouncementsFeed } from './aggregate-announcements.feed';
import { AggregateStreamHttpController } from './aggregate-stream.http.controller';
import { AggregateStreamsProvider, BUCKET_READER } from './aggregate-streams.provider';
import { OpenStream } from '../testing/open-stream';

const suffix = randomBytes(6).toString('hex');
const STREAMS_PER_CLIENT = 12;
const config = loadGatewayConfig({
  ...process.env,
  CLICKHOUSE_DATABASE: `gateway_streams_${suffix}`,
  AGGREGATES_CHANGED_TOPIC: `gateway-streams-${suffix}`,
  GATEWAY_AGGREGATE_TICK_MS: '100',
  GATEWAY_HEARTBEAT_MS: '1000',
  GATEWAY_STREAMS_PER_CLIENT: String(STREAMS_PER_CLIENT),
});
const DAY = '2021-03-01';
const bucket = (agency: string): Bucket => ({ platform: 'gdx', metric: 'api_calls', agency, day: DAY });
const announced = (lastOffset: number, touched: Bucket[]): AggregatesChanged => ({
  topic: 'usage.events.v1',
  partition: 0,
  lastOffset: String(lastOffset),
  touched,
  projectedAt: new Date().toISOString(),
});

describe('the gateway’s aggregate streams and totals on real Kafka and ClickHouse', () => {
  const reads: Bucket[][] = [];
  const streams: OpenStream[] = [];
  let clickhouse: ClickHouseClient;
  let loggedReader: ClickHouseClient;
  let announcer: AggregatesChangedPublisher;
  let app: NestFastifyApplication;
  let base: string;

  const open = async (query: string, headers: Record<string, string> = {}) => {
    const opened = await OpenStream.open(`${base}/v1/aggregates/stream?${query}`, headers);
    if (opened.stream) streams.push(opened.stream);
    return opened;
  };
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // Given gdx's api_calls of 1 March: moph holds 5 from one event, mof two events of 1e308 whose sum overflowed
    clickhouse = await connectClickHouse(config);
    await migrate(clickhouse, USAGE_MIGRATIONS);
    await clickhouse.command({
      query:
        `INSERT INTO usage_events (event_id, source, platform, metric, agency, value, entity, dimensions, ` +
        `event_time, kafka_partition, kafka_offset, projected_at) VALUES
              ('e1', 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'moph', 5, '', '{}', '${DAY} 03:00:00', 0, 1, now()),
              ('e2', 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'mof', 1e308, '', '{}', '${DAY} 03:00:00', 0, 2, now()),
              ('e3', 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'mof', 1e308, '', '{}', '${DAY} 03:00:00', 0, 3, now())`,
    });
    // And a gateway whose aggregate streams read ClickHouse through a reader that counts its calls, on a client whose
    // queries the server logs (system.query_log), so the server itself says how often it was read
    loggedReader = createClient({
      url: config.CLICKHOUSE_URL,
      database: config.CLICKHOUSE_DATABASE,
      application: `gateway-streams-${suffix}`,
      clickhouse_settings: { log_queries: 1 },
    });
    const countingRead = (buckets: Bucket[]) => {
      reads.push(buckets);
      return queryBucketTotals(loggedReader, buckets);
    };
    @Module({
      controllers: [AggregateStreamHttpController, MetricTotalHttpController],
      providers: [
        { provide: CLICKHOUSE, useValue: clickhouse },
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: StreamSlots, useValue: new StreamSlots({ perClient: STREAMS_PER_CLIENT, total: 100 }) },
        { provide: BUCKET_READER, useValue: countingRead },
        { provide: STREAM_REPLAY_CONFIG, useValue: StreamReplayConfigSchema.parse({ GATEWAY_REPLAY_EVENTS: '100', GATEWAY_REPLAY_LINGER_MS: '5000' }) },
        { provide: StreamEventIds, useValue: new StreamEventIds() },
        AggregateAnnouncementsFeed,
        AggregateStreamsProvider,
      ],
    })
    class StreamsTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(StreamsTestModule, new FastifyAdapter(), { logger: false });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    announcer = new AggregatesChangedPublisher(createKafka(config), config.AGGREGATES_CHANGED_TOPIC);
    await announcer.connect();
  }, 90_000);

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await announcer?.disconnect();
    await app?.close();
    await loggedReader?.close();
    const admin = createKafka(config).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [config.AGGREGATES_CHANGED_TOPIC] }).catch(() => undefined);
    await admin.disconnect();
    const cleanup = await connectClickHouse({ ...config, CLICKHOUSE_DATABASE: 'default' });
    await cleanup.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await cleanup.close();
  }, 60_000);

  it('serves ten identical streams and one other with one ClickHouse read per distinct filter per tick', async () => {
    // Given ten dashboards on gdx/api_calls and one on all of gdx
    const identical = await Promise.all(Array.from({ length: 10 }, () => open('platform=gdx&metric=api_calls')));
    const whole = await open('platform=gdx');
    expect([...identical, whole].map((opened) => opened.status)).toEqual(Array(11).fill(200));
    reads.length = 0;
    // When the projector announces moph's bucket
    await announcer.publish(announced(1, [bucket('moph')]));
    // Then every stream shows moph's total, and ClickHouse was read twice: once per filter, not once per stream
    for (const opened of [...identical, whole]) await opened.stream?.until('"agency":"moph","day":"2021-03-01","total":5,"events":1');
    expect(reads).toEqual([[bucket('moph')], [bucket('moph')]]);
    // And the server's own query log agrees: two bucket reads from this gateway's client
    await clickhouse.command({ query: 'SYSTEM FLUSH LOGS' });
    const logged = await clickhouse.query({
      query:
        `SELECT count() AS reads FROM system.query_log WHERE type = 2 AND http_user_agent LIKE '%gateway-streams-${suffix}%' ` +
        `AND query LIKE '%FROM usage_daily WHERE (platform, metric, agency, day) IN%'`,
      format: 'JSONEachRow',
    });
    expect(await logged.json()).toEqual([{ reads: '2' }]);
  }, 60_000);

  it('sends aggregate_error for a bucket whose sum overflowed, and the totals endpoint answers 500 non_finite_aggregate, never 0', async () => {
    await announcer.publish(announced(2, [bucket('mof')]));
    await streams[0]?.until('event: aggregate_error');
    expect(streams[0]?.text).toMatch(/event: aggregate_error\nid: [0-9a-f]+-\d+\ndata: \{"error":"non_finite_aggregate",[^\n]*"agency":"mof"[^\n]*"events":2/);
    expect(streams[0]?.text).not.toContain('"agency":"mof","day":"2021-03-01","total"');

    const overflowed = await get(`/v1/aggregates/total?platform=gdx&metric=api_calls&agency=mof&from=${DAY}&to=${DAY}`);
    expect(overflowed).toMatchObject({
      status: 500,
      body: { error: 'non_finite_aggregate', platform: 'gdx', metric: 'api_calls', agency: 'mof', from: DAY, to: DAY },
    });
    expect((await get('/v1/aggregates/total?platform=gdx&metric=api_calls')).body).toMatchObject({ error: 'non_finite_aggregate', agency: null });
    expect(await get('/v1/aggregates/total?platform=gdx&metric=api_calls&agency=moph')).toMatchObject({ status: 200, body: { total: 5, events: 1 } });
  }, 60_000);

  it('shows a backfill of 6,000 buckets announced at once, each bucket once, from one read per filter in chunks the server takes', async () => {
    // Given 6,000 buckets of gdx's api_calls on 1 March, one event each, agencies as long as the contract allows
    const agencies = Array.from({ length: 6_000 }, (_, n) => `a${String(n).padStart(63, '0')}`);
    await clickhouse.command({
      query: `INSERT INTO usage_events SELECT concat('b', toString(number)), 'urn:dga:platform:gdx', 'gdx', 'api_calls',
                concat('a', substring(concat('${'0'.repeat(63)}', toString(number)), length(toString(number)) + 1)), 1, '', '{}',
                toDateTime('${DAY} 03:00:00', 'UTC'), 1, number, now() FROM system.numbers LIMIT ${agencies.length}`,
    });
    reads.length = 0;
    // When one announcement touches all of them
    await announcer.publish(announced(3, agencies.map(bucket)));
    // Then both filters' streams show every bucket once, and each filter was read once (the reader chunks the query)
    const shown = (stream: OpenStream | undefined) => stream?.text.match(/"agency":"a0{0,63}\d+","day":"2021-03-01","total":1,"events":1/g)?.length ?? 0;
    for (const stream of [streams[0], streams[10]]) {
      for (const deadline = Date.now() + 30_000; shown(stream) < agencies.length && Date.now() < deadline;)
        await new Promise((later) => setTimeout(later, 100));
      expect(shown(stream)).toBe(agencies.length);
    }
    expect(reads.map((buckets) => buckets.length)).toEqual([agencies.length, agencies.length]);
  }, 90_000);

  it(`refuses a client its stream beyond ${STREAMS_PER_CLIENT} with 429 too_many_streams, and takes it again once one closed`, async () => {
    // Given the client holds 11 streams; the 12th is still granted
    expect((await open('platform=mailgothai')).status).toBe(200);
    // When it opens one more
    const refused = await open('platform=gin');
    // Then it is refused with a body naming the scope and the limit
    expect(refused).toEqual({ status: 429, body: expect.objectContaining({ error: 'too_many_streams', scope: 'client', limit: STREAMS_PER_CLIENT }) });
    // And once it closes one, a new one is granted
    streams.shift()?.close();
    let reopened = await open('platform=gin');
    for (const deadline = Date.now() + 10_000; reopened.status === 429 && Date.now() < deadline; reopened = await open('platform=gin'))
      await new Promise((later) => setTimeout(later, 50));
    expect(reopened.status).toBe(200);
  }, 60_000);

  it('replays to a stream reconnecting with Last-Event-ID the update it missed, and answers replay_gap to an id it does not hold', async () => {
    // Given a client that closed every stream it held, then a dashboard on gin that saw one update and disconnected
    for (const stream of streams.splice(0)) stream.close();
    let first = (await open('platform=gin')).stream;
    for (const deadline = Date.now() + 10_000; first === undefined && Date.now() < deadline; first = (await open('platform=gin')).stream)
      await new Promise((later) => setTimeout(later, 50));
    await clickhouse.command({
      query: `INSERT INTO usage_events VALUES ('r1', 'urn:dga:platform:gin', 'gin', 'api_calls', 'moph', 1, '', '{}', '${DAY} 03:00:00', 0, 10, now()),
                                              ('r2', 'urn:dga:platform:gin', 'gin', 'api_calls', 'mof', 2, '', '{}', '${DAY} 03:00:00', 0, 11, now())`,
    });
    const ginBucket = (agency: string): Bucket => ({ platform: 'gin', metric: 'api_calls', agency, day: DAY });
    await announcer.publish(announced(10, [ginBucket('moph')]));
    await first!.until('"agency":"moph"');
    const lastId = /id: ([0-9a-f]+-\d+)\ndata: \{"platform":"gin"/.exec(first!.text)?.[1];
    expect(lastId).toBeDefined();
    first!.close();
    // When mof's bucket moves while it is away, and it reconnects naming the last id it saw
    await announcer.publish(announced(11, [ginBucket('mof')]));
    await new Promise((later) => setTimeout(later, 1_000));
    const back = (await open('platform=gin', { 'last-event-id': lastId! })).stream!;
    // Then the first thing it gets is mof's update, with an id after the one it named
    await back.until('"agency":"mof"');
    expect(back.text).toMatch(/^\s*event: aggregate\nid: [0-9a-f]+-\d+\ndata: \{"platform":"gin","metric":"api_calls","agency":"mof"/);
    expect(Number(/event: aggregate\nid: [0-9a-f]+-(\d+)/.exec(back.text)?.[1])).toBeGreaterThan(Number(lastId!.split('-')[1]));
    expect(back.text).not.toContain('"agency":"moph"');
    // And an id of another gateway, here in the query as a reloaded page sends it, is answered replay_gap, then the stream goes on
    const stranger = (await open('platform=gin&last_event_id=ffffffff-3')).stream!;
    await stranger.until('event: replay_gap');
    expect(stranger.text).toMatch(
      /event: replay_gap\nid: [0-9a-f]+-\d+\ndata: \{"lastEventId":"ffffffff-3","message":"the events after ffffffff-3 are not held/,
    );
  }, 60_000);

  const refusedAlike = [
    ['a platform longer than 64', `platform=${'g'.repeat(65)}`, '$.platform', 'invalid_format'],
    ['an agency longer than 64', `platform=gdx&agency=${'a'.repeat(65)}`, '$.agency', 'invalid_format'],
    ['a parameter given twice', 'platform=gdx&platform=gin', '$.platform', 'invalid_type'],
    ['a prototype key as a parameter name', 'platform=gdx&constructor=x', '$', 'unrecognized_keys'],
    ['__proto__ as a parameter name', 'platform=gdx&__proto__=x', '$', 'unrecognized_keys'],
    ['a quote in a value', `platform=${encodeURIComponent("gdx' OR '1'='1")}`, '$.platform', 'invalid_format'],
  ];
  const refusedTotals = [
    ['a day before 2000', 'platform=gdx&from=1999-12-31', '$.from', 'invalid_format'],
    ['a range that ends before it starts', 'platform=gdx&from=2021-03-02&to=2021-03-01', '$.to', 'too_small'],
  ];
  const isRefused = (path: string, rule: string) => ({
    status: 400,
    body: { error: 'invalid_query', errors: expect.arrayContaining([expect.objectContaining({ path, rule })]) },
  });

  it.each([...refusedAlike, ...refusedTotals])(
    'answers the totals 400 invalid_query naming the parameter and its rule for %s',
    async (_, query, path, rule) => {
      expect(await get(`/v1/aggregates/total?metric=api_calls&${query}`)).toMatchObject(isRefused(path, rule));
    },
  );

  it.each(refusedAlike)('answers a stream 400 invalid_query naming the parameter and its rule for %s', async (_, query, path, rule) => {
    expect(await get(`/v1/aggregates/stream?${query}`)).toMatchObject(isRefused(path, rule));
  });

  it('takes a prototype name as a value like any other: quoted, matching nothing', async () => {
    expect(await get('/v1/aggregates/total?platform=constructor&metric=constructor')).toMatchObject({
      status: 200,
      body: { platform: 'constructor', total: 0, events: 0 },
    });
  });
});
