import type { ClickHouseClient } from '@clickhouse/client';
import type { SeriesWindow, Statistic } from '@govmetrics/contracts';
import { randomUUID } from 'node:crypto';
import { ClickHouseConfigSchema } from '../clickhouse-config';
import { connectClickHouse } from '../create-clickhouse';
import { migrate } from '../migrate';
import { type SeriesRow, querySeries } from './series.query';
import type { SeriesSelection } from './series.sql';
import type { UsageEventRow } from './usage-event.row';
import { USAGE_MIGRATIONS } from './usage.migrations';

const config = ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: `t_${randomUUID().replace(/-/g, '')}` });

const AGENCIES = ['moph', 'mof', 'mict'];
const CHANNELS = ['web', 'api', undefined];
const entityOf = (n: number) => (n % 5 === 0 ? '' : `hmac-v1:${(n % 7).toString(16).padStart(64, '0')}`);

/** Instants either side of Bangkok midnights and of both ends of FY2564 (Bangkok midnight is 17:00 UTC the day before). */
const BOUNDARIES = [
  '2020-09-30T16:59:59Z',
  '2020-09-30T17:00:00Z',
  '2021-02-28T16:59:59Z',
  '2021-02-28T17:00:00Z',
  '2021-03-01T04:59:59Z',
  '2021-03-01T05:00:00Z',
  '2021-09-30T16:59:59Z',
  '2021-09-30T17:00:00Z',
];

/** Deterministic events: 1,200 spread over 2020-09-20..2021-10-10 (dense around 1 March), and one at each boundary per agency. */
function generatedEvents(): UsageEventRow[] {
  let seed = 42;
  const next = (below: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % below;
  };
  const spread = Array.from({ length: 1_200 }, (_, n) => {
    const dense = n % 3 === 0;
    const start = Date.parse(dense ? '2021-02-24T00:00:00Z' : '2020-09-20T00:00:00Z');
    const span = dense ? 10 * 86_400 : 385 * 86_400;
    return Math.floor(start / 1000) + next(span);
  });
  const boundaries = BOUNDARIES.flatMap((instant) => AGENCIES.map(() => Date.parse(instant) / 1000));
  return [...spread, ...boundaries].map((eventTime, n) => {
    const channel = CHANNELS[next(3)];
    return {
      event_id: `e${n}`,
      source: 'urn:dga:platform:gdx',
      platform: 'gdx',
      metric: 'api_calls',
      agency: AGENCIES[n % AGENCIES.length]!,
      value: next(100),
      entity: entityOf(next(1_000)),
      dimensions: JSON.stringify(channel === undefined ? {} : { channel }),
      event_time: eventTime,
      kafka_partition: 0,
      kafka_offset: String(n),
      projected_at: eventTime,
    };
  });
}

function groupedBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** The zone's wall clock of an instant, read with Intl: independent of ClickHouse's time functions. */
const calendars = new Map<string, Intl.DateTimeFormat>();
function wallClock(zone: string, epochSeconds: number): { year: number; month: number; day: number } {
  if (!calendars.has(zone)) calendars.set(zone, new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  const parts = calendars.get(zone)!.formatToParts(epochSeconds * 1000);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const isoDay = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

function expectedWindow(window: SeriesWindow, zone: string, epochSeconds: number): string {
  if (window === 'hour') return String(Math.floor(epochSeconds / 3600) * 3600);
  const { year, month, day } = wallClock(zone, epochSeconds);
  switch (window) {
    case 'day':
      return isoDay(year, month, day);
    case 'week':
      return isoDay(year, month, day - ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7));
    case 'month':
      return isoDay(year, month, 1);
    case 'quarter':
      return isoDay(year, Math.floor((month - 1) / 3) * 3 + 1, 1);
    case 'fiscal_year':
      return isoDay(month >= 10 ? year : year - 1, 10, 1);
  }
}

function statisticOf(statistic: Statistic, events: readonly UsageEventRow[]): number {
  const sum = events.reduce((total, event) => total + event.value, 0);
  const byAgency = groupedBy(events, (event) => event.agency);
  switch (statistic) {
    case 'sum':
      return sum;
    case 'count':
      return events.length;
    case 'average':
      return sum / events.length;
    case 'latest': {
      const newest = (of: UsageEventRow[]) =>
        of.reduce((best, event) =>
          event.event_time > best.event_time || (event.event_time === best.event_time && event.event_id > best.event_id) ? event : best,
        );
      return [...byAgency.values()].reduce((total, of) => total + newest(of).value, 0);
    }
    case 'distinct':
      return new Set(events.map((event) => event.entity).filter((entity) => entity !== '')).size;
    case 'agencies':
      return byAgency.size;
  }
}

/** The series computed in plain TypeScript over the generated events, as `querySeries` must answer it. */
function expectedSeries(events: readonly UsageEventRow[], selection: SeriesSelection): SeriesRow[] {
  const groupOf = (event: UsageEventRow): string => {
    if (selection.groupBy === undefined) return '';
    if (selection.groupBy.kind === 'agency') return event.agency;
    return (JSON.parse(event.dimensions) as Record<string, string>)[selection.groupBy.key] ?? '';
  };
  const inRange = events.filter((event) => {
    const { year, month, day } = wallClock(selection.zone, event.event_time);
    const local = isoDay(year, month, day);
    return local >= selection.fromDay && local <= selection.toDay && (selection.agency === undefined || event.agency === selection.agency);
  });
  const cells = groupedBy(inRange, (event) => JSON.stringify([groupOf(event), expectedWindow(selection.window, selection.zone, event.event_time)]));
  const rows = [...cells].map(([key, of]): SeriesRow => {
    const [group, window] = JSON.parse(key) as [string, string];
    return { group, window, value: statisticOf(selection.statistic, of), events: of.length };
  });
  return rows.sort((a, b) => (a.group === b.group ? (a.window < b.window ? -1 : 1) : a.group < b.group ? -1 : 1));
}

const WINDOWS: SeriesWindow[] = ['hour', 'day', 'week', 'month', 'quarter', 'fiscal_year'];
const STATISTICS: Statistic[] = ['sum', 'count', 'average', 'latest', 'distinct', 'agencies'];
const GROUPINGS: SeriesSelection['groupBy'][] = [undefined, { kind: 'agency' }, { kind: 'dimension', key: 'channel' }];
const RANGES: Record<'hour' | 'longer', [string, string]> = { hour: ['2021-02-27', '2021-03-03'], longer: ['2020-09-25', '2021-10-05'] };

describe('series over ClickHouse 18.16 against the same series computed in TypeScript', () => {
  let client: ClickHouseClient;
  const events = generatedEvents();

  beforeAll(async () => {
    client = await connectClickHouse(config);
    await migrate(client, USAGE_MIGRATIONS);
    await client.insert({ table: 'usage_events', values: events, format: 'JSONEachRow' });
  }, 60_000);

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  const base = (zone: string, window: SeriesWindow): Omit<SeriesSelection, 'statistic'> => {
    const [fromDay, toDay] = RANGES[window === 'hour' ? 'hour' : 'longer'];
    return { platform: 'gdx', metric: 'api_calls', window, zone, fromDay, toDay, maxRows: 20_000 };
  };

  describe.each(['Asia/Bangkok', 'UTC', 'America/New_York'])('in %s', (zone) => {
    it.each(WINDOWS)(
      'equals the independent computation per %s, for every statistic and grouping',
      async (window) => {
        for (const groupBy of GROUPINGS) {
          for (const statistic of STATISTICS) {
            const selection = { ...base(zone, window), statistic, groupBy };
            const expected = expectedSeries(events, selection);
            const actual = await querySeries(client, selection);
            expect({ selection, rows: actual.map((row) => ({ ...row, value: Number(row.value.toFixed(9)) })) }).toEqual({
              selection,
              rows: expected.map((row) => ({ ...row, value: Number(row.value.toFixed(9)) })),
            });
          }
        }
      },
      120_000,
    );
  });

  it('cuts FY2564 at Bangkok midnight of 1 October: 16:59:59 UTC on 30 September 2020 is FY2563, 17:00:00 is FY2564', async () => {
    const selection: SeriesSelection = { ...base('Asia/Bangkok', 'fiscal_year'), fromDay: '2020-09-30', toDay: '2020-10-01', statistic: 'count' };
    const rows = await querySeries(client, selection);
    expect(rows).toEqual(expectedSeries(events, selection));
    expect(rows.map((row) => row.window)).toEqual(['2019-10-01', '2020-10-01']);
    const lastOfFy2563 = events.filter((event) => event.event_time === Date.parse('2020-09-30T16:59:59Z') / 1000);
    expect(lastOfFy2563).toHaveLength(AGENCIES.length);
    expect(expectedSeries(lastOfFy2563, selection)).toEqual([{ group: '', window: '2019-10-01', value: 3, events: 3 }]);
  });

  it('keeps only the top N groups by their value over the whole range', async () => {
    const selection: SeriesSelection = { ...base('Asia/Bangkok', 'month'), statistic: 'sum', groupBy: { kind: 'agency' } };
    const totals = AGENCIES.map((agency) => ({
      agency,
      total: statisticOf(
        'sum',
        events.filter((event) => event.agency === agency && expectedSeries([event], selection).length > 0),
      ),
    }));
    const top2 = totals
      .sort((a, b) => b.total - a.total || (a.agency < b.agency ? -1 : 1))
      .slice(0, 2)
      .map((entry) => entry.agency);
    const rows = await querySeries(client, { ...selection, top: 2 });
    expect(new Set(rows.map((row) => row.group))).toEqual(new Set(top2));
    expect(rows).toEqual(expectedSeries(events, selection).filter((row) => top2.includes(row.group)));
  });

  it('filters one agency', async () => {
    const selection: SeriesSelection = { ...base('Asia/Bangkok', 'week'), statistic: 'sum', agency: 'mof' };
    expect(await querySeries(client, selection)).toEqual(expectedSeries(events, selection));
  });

  it('reads one row more than maxRows, so the caller can tell the limit was passed', async () => {
    expect(await querySeries(client, { ...base('Asia/Bangkok', 'day'), statistic: 'count', maxRows: 5 })).toHaveLength(6);
  });
});
