import 'reflect-metadata';
import type { ClickHouseClient } from '@clickhouse/client';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectClickHouse, migrate, USAGE_MIGRATIONS } from '@govmetrics/clickhouse';
import { BucketEventsAnswerSchema, SeriesAnswerSchema } from '@govmetrics/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { BucketEventsHttpController } from '../bucket-events/bucket-events.http.controller';
import { CLICKHOUSE, loadGatewayConfig } from '../gateway.config';
import { SeriesHttpController } from './series.http.controller';

const config = loadGatewayConfig({ ...process.env, CLICKHOUSE_DATABASE: `gateway_series_${randomBytes(6).toString('hex')}` });
const ENTITY = `hmac-v1:${'ab'.repeat(32)}`;
const SERIES = '/v1/series?platform=gdx&metric=api_calls';

/** `n` events of moph on one Bangkok day (03:00 UTC + n seconds), values 1..n, every third with a pseudonym, one with a raw id. */
const mophDay = (day: string, n: number) =>
  `INSERT INTO usage_events SELECT concat('m', toString(number)), 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'moph', toFloat64(number + 1),
     multiIf(number = 4, 'raw-citizen-id', number % 3 = 0, '${ENTITY}', ''), if(number % 2 = 0, '{"channel":"web"}', '{}'),
     toDateTime('${day} 03:00:00', 'UTC') + number, 1, number, toDateTime('${day} 03:00:00', 'UTC') FROM system.numbers LIMIT ${n}`;

describe('the query API over HTTP on real ClickHouse', () => {
  let clickhouse: ClickHouseClient;
  let app: NestFastifyApplication;
  let base: string;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const json = async (path: string) => {
    const { status, text } = await get(path);
    return { status, body: JSON.parse(text) as Record<string, unknown> };
  };

  beforeAll(async () => {
    // Given 250 moph events on 1 March 2021 (sum 31,375), one mof event on each side of the FY2564 end, and 51 agencies of one event on 2 March
    clickhouse = await connectClickHouse(config);
    await migrate(clickhouse, USAGE_MIGRATIONS);
    await clickhouse.command({ query: mophDay('2021-03-01', 250) });
    await clickhouse.command({
      query: `INSERT INTO usage_events VALUES
        ('f1', 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'mof', 7, '', '{}', toDateTime('2021-09-30 16:59:59', 'UTC'), 0, 1, now()),
        ('f2', 'urn:dga:platform:gdx', 'gdx', 'api_calls', 'mof', 11, '', '{}', toDateTime('2021-09-30 17:00:00', 'UTC'), 0, 2, now())`,
    });
    await clickhouse.command({
      query: `INSERT INTO usage_events SELECT concat('a', toString(number)), 'urn:dga:platform:gdx', 'gdx', 'api_calls', concat('agency', toString(number)),
                1, '', '{}', toDateTime('2021-03-02 03:00:00', 'UTC'), 2, number, now() FROM system.numbers LIMIT 51`,
    });
    @Module({ controllers: [SeriesHttpController, BucketEventsHttpController], providers: [{ provide: CLICKHOUSE, useValue: clickhouse }] })
    class QueryTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(QueryTestModule, new FastifyAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await clickhouse?.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await clickhouse?.close();
  });

  it('answers a fiscal-year series labelled in the Buddhist era, cut at Bangkok midnight of 1 October', async () => {
    const { status, body } = await json(`${SERIES}&agency=mof&window=fiscal_year&from=2021-09-01&to=2021-10-31`);
    expect(status).toBe(200);
    expect(SeriesAnswerSchema.parse(body).series).toEqual([
      {
        group: null,
        points: [
          { start: '2020-10-01', label: 'FY2564', value: 7, events: 1 },
          { start: '2021-10-01', label: 'FY2565', value: 11, events: 1 },
        ],
      },
    ]);
  });

  it('answers hours as instants with the zone’s offset, and weeks, months and quarters by their usual names', async () => {
    const hours = SeriesAnswerSchema.parse((await json(`${SERIES}&agency=moph&window=hour&from=2021-03-01&to=2021-03-01&zone=Asia/Tokyo`)).body);
    expect(hours.series[0]?.points).toEqual([{ start: '2021-03-01T12:00:00+09:00', label: '2021-03-01 12:00', value: (250 * 251) / 2, events: 250 }]);
    const labels = async (window: string) =>
      SeriesAnswerSchema.parse((await json(`${SERIES}&agency=moph&window=${window}&from=2021-01-01&to=2021-12-31`)).body).series[0]?.points.map(
        (point) => point.label,
      );
    expect(await labels('week')).toEqual(['2021-W09']);
    expect(await labels('month')).toEqual(['2021-03']);
    expect(await labels('quarter')).toEqual(['2021-Q1']);
  });

  it('reads a zone written in any case as the tz database spells it, which ClickHouse needs', async () => {
    const { status, body } = await json(`${SERIES}&agency=moph&window=day&from=2021-03-01&to=2021-03-01&zone=asia/tokyo`);
    expect(status).toBe(200);
    expect(SeriesAnswerSchema.parse(body)).toMatchObject({ zone: 'Asia/Tokyo', series: [{ points: [{ start: '2021-03-01', events: 250 }] }] });
  });

  it('groups by a dimension, events without it under ""', async () => {
    const answer = SeriesAnswerSchema.parse(
      (await json(`${SERIES}&agency=moph&statistic=count&from=2021-03-01&to=2021-03-01&group_by=dimension:channel`)).body,
    );
    expect(answer.series.map(({ group, points }) => [group, points[0]?.value])).toEqual([
      ['', 125],
      ['web', 125],
    ]);
  });

  it.each([
    ['format=csv', {}],
    ['format=ndjson', {}],
    ['', { accept: 'text/csv' }],
    ['', { accept: 'application/x-ndjson' }],
  ])('exports %s %j with a trailer holding the sha256 of the lines before it, and the same in X-Content-SHA256', async (format, headers) => {
    const query = `${SERIES}&window=day&from=2021-03-01&to=2021-03-02&group_by=agency&top=3&${format}`;
    const { status, headers: answered, text } = await get(query, headers);
    expect(status).toBe(200);
    const lines = text.split('\n').slice(0, -1);
    const data = lines
      .slice(0, -1)
      .map((line) => `${line}\n`)
      .join('');
    const sha256 = createHash('sha256').update(data).digest('hex');
    expect(answered.get('x-content-sha256')).toBe(sha256);
    expect(lines.at(-1)).toContain(sha256);
    const csv = answered.get('content-type')?.startsWith('text/csv');
    expect(lines.at(-1)).toBe(csv ? `# sha256=${sha256} rows=3` : JSON.stringify({ sha256, rows: 3 }));
    const moph = csv ? lines.find((line) => line.includes(',moph,')) : lines.find((line) => line.includes('"moph"'));
    expect(moph).toBe(
      csv
        ? 'gdx,api_calls,sum,day,Asia/Bangkok,moph,2021-03-01,2021-03-01,31375,250'
        : JSON.stringify({
            platform: 'gdx',
            metric: 'api_calls',
            statistic: 'sum',
            window: 'day',
            zone: 'Asia/Bangkok',
            group: 'moph',
            start: '2021-03-01',
            label: '2021-03-01',
            value: 31375,
            events: 250,
          }),
    );
  });

  it.each([
    ['window=hour&from=2021-01-01&to=2021-03-01', '$.to', 'range_too_long', /at most 31 days/],
    ['window=day&from=2018-01-01&to=2021-03-01', '$.to', 'range_too_long', /at most 1100 days/],
    ['from=2021-03-01&to=2021-03-01&zone=Asia/Kolkata', '$.zone', 'zone_not_whole_hours', /330 minutes/],
    ['from=2021-03-01&to=2021-03-01&zone=Mars/Olympus', '$.zone', 'unknown_time_zone', /IANA/],
    ['from=2021-03-01&to=2021-03-01&group_by=colour', '$.group_by', 'invalid_format', /dimension/],
    ['from=2021-03-01&to=2021-03-01&group_by=agency&top=51', '$.top', 'too_big', /50/],
    ['from=2021-03-02&to=2021-03-01', '$.to', 'too_small', /before/],
  ])('refuses %s with 400 naming %s and %s', async (query, path, rule, message) => {
    const { status, body } = await json(`${SERIES}&${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_query');
    expect(body.errors).toEqual(expect.arrayContaining([{ path, rule, message: expect.stringMatching(message) }]));
  });

  it('refuses more than 50 groups with 400 query_too_large, and answers the top 50', async () => {
    const query = `${SERIES}&from=2021-03-02&to=2021-03-02&group_by=agency`;
    expect(await json(query)).toEqual({
      status: 400,
      body: { error: 'query_too_large', limit: 'groups', max: 50, message: expect.stringMatching(/51 groups, more than 50: ask for the top/) },
    });
    expect(SeriesAnswerSchema.parse((await json(`${query}&top=50`)).body).series).toHaveLength(50);
  });

  it('refuses a series of more than 20,000 points with 400 query_too_large naming the limit, never a truncated one', async () => {
    // Given 21 agencies of platform bulk with one event on each of 1,000 days: 21,000 agency-days
    await clickhouse.command({
      query: `INSERT INTO usage_events SELECT concat('bulk', toString(number)), 'urn:dga:platform:bulk', 'bulk', 'api_calls',
                concat('agency', toString(number % 21)), 1, '', '{}', toDateTime('2021-01-01 03:00:00', 'UTC') + 86400 * intDiv(number, 21), 3, number, now()
              FROM system.numbers LIMIT 21000`,
    });
    const query = '/v1/series?platform=bulk&metric=api_calls&from=2021-01-01&to=2023-09-27&group_by=agency';
    expect(await json(query)).toEqual({
      status: 400,
      body: { error: 'query_too_large', limit: 'rows', max: 20_000, message: expect.stringMatching(/more than 20000 points/) },
    });
    // And twenty of those agencies fit
    expect(SeriesAnswerSchema.parse((await json(`${query}&top=20`)).body).series.map(({ points }) => points.length)).toEqual(Array(20).fill(1000));
  });

  it('pages through a bucket’s events with a cursor, each once, in time order, pseudonyms only', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path = `/v1/buckets/events?platform=gdx&metric=api_calls&agency=moph&day=2021-03-01&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await json(path);
      expect(status).toBe(200);
      const page = BucketEventsAnswerSchema.parse(body);
      expect(page.bucket).toEqual({ statistic: 'sum', value: 31375, events: 250 });
      seen.push(...page.events.map((event) => event.id));
      if (pages === 0) {
        expect(page.events[0]).toEqual({
          id: 'm0',
          source: 'urn:dga:platform:gdx',
          time: '2021-03-01T03:00:00.000Z',
          value: 1,
          entity: ENTITY,
          dimensions: { channel: 'web' },
          partition: 1,
          offset: '0',
          projectedAt: '2021-03-01T03:00:00.000Z',
        });
        expect(page.events[4]).toMatchObject({ id: 'm4', entity: null });
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, n) => `m${n}`));
    expect(JSON.stringify(seen)).not.toContain('raw-citizen-id');
  });

  it('refuses a cursor it did not make, and a page larger than 1,000', async () => {
    const path = '/v1/buckets/events?platform=gdx&metric=api_calls&agency=moph&day=2021-03-01';
    expect((await json(`${path}&cursor=bm90LWEtY3Vyc29y`)).body).toEqual({
      error: 'invalid_query',
      errors: [{ path: '$.cursor', rule: 'invalid_cursor', message: expect.any(String) }],
    });
    expect((await json(`${path}&limit=1001`)).body).toMatchObject({ errors: [{ path: '$.limit', rule: 'too_big' }] });
  });
});
