import type { MetricQuery } from '../ports/aggregate-reader.port';
import { event } from '../testing/scoring-fixtures';
import { InMemoryAggregateReader } from './in-memory-aggregate-reader';

const FY = { fromDay: '2020-10-01', toDay: '2021-09-30' };
const query = (statistic: MetricQuery['statistic'], extra: Partial<MetricQuery> = {}): MetricQuery => ({
  platform: 'gdx',
  metric: 'm',
  statistic,
  ...FY,
  ...extra,
});

describe(InMemoryAggregateReader.name, () => {
  const events = [
    event({ platform: 'gdx', metric: 'm', agency: 'moph', value: 10, entity: 'u1', dimensions: { channel: 'api' } }, '2021-01-10T10:00:00+07:00'),
    event({ platform: 'gdx', metric: 'm', agency: 'moph', value: 30, entity: 'u2' }, '2021-02-10T10:00:00+07:00'),
    event({ platform: 'gdx', metric: 'm', agency: 'mof', value: 5, entity: 'u1', dimensions: { channel: 'web' } }, '2021-03-10T10:00:00+07:00'),
    event({ platform: 'gdx', metric: 'm', agency: 'mof', value: 7 }, '2021-01-10T10:00:00+07:00'),
  ];
  const reader = new InMemoryAggregateReader(events);

  it.each([
    ['sum', 52],
    ['count', 4],
    ['average', 13],
    ['latest', 35],
    ['distinct', 2],
    ['agencies', 2],
  ] as const)('reads %s over the period', async (statistic, expected) => expect(await reader.read(query(statistic))).toBe(expected));

  it('filters by agency and by every dimension given', async () => {
    expect(await reader.read(query('sum', { agencies: ['mof'] }))).toBe(12);
    expect(await reader.read(query('sum', { dimensions: { channel: 'web' } }))).toBe(5);
  });

  it('answers null when no event matched', async () => {
    expect(await reader.read(query('sum', { metric: 'none' }))).toBeNull();
    expect(await reader.read(query('count', { fromDay: '2021-04-01' }))).toBeNull();
  });

  it('buckets events by Bangkok day: 23:30 on 30 September counts, 00:30 on 1 October does not', async () => {
    const edge = new InMemoryAggregateReader([
      event({ platform: 'gdx', metric: 'm', value: 1 }, '2021-09-30T16:30:00Z'),
      event({ platform: 'gdx', metric: 'm', value: 2 }, '2021-09-30T17:30:00Z'),
    ]);
    expect(await edge.read(query('sum'))).toBe(1);
  });

  it('breaks a latest tie on the same second by event id, like argMax over (event_time, event_id)', async () => {
    const tie = new InMemoryAggregateReader([
      { ...event({ platform: 'gdx', metric: 'm', value: 1 }, '2021-05-01T10:00:00.900+07:00'), id: 'b' },
      { ...event({ platform: 'gdx', metric: 'm', value: 2 }, '2021-05-01T10:00:00.100+07:00'), id: 'c' },
    ]);
    expect(await tie.read(query('latest'))).toBe(2);
  });

  it('counts an event id once, as the deduplicated read model does', async () => {
    const first = event({ platform: 'gdx', metric: 'm', value: 5 });
    expect(await new InMemoryAggregateReader([first, { ...first }]).read(query('sum'))).toBe(5);
  });
});
