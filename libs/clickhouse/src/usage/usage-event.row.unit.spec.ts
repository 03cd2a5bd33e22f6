import { toUsageEventRow } from './usage-event.row';

const event = (dimensions?: Record<string, string>) => ({
  specversion: '1.0' as const,
  id: 'e1',
  source: 'urn:dga:platform:gdx',
  type: 'th.go.dga.usage.recorded.v1' as const,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 3, dimensions },
});

describe(toUsageEventRow.name, () => {
  it('writes dimensions as canonical JSON so the same set always lands in the same aggregate row', () => {
    const at = new Date(0);
    const a = toUsageEventRow(event({ tier: 'gold', channel: 'api' }), { partition: 0, offset: '1' }, at);
    const b = toUsageEventRow(event({ channel: 'api', tier: 'gold' }), { partition: 0, offset: '2' }, at);
    expect(a.dimensions).toBe('{"channel":"api","tier":"gold"}');
    expect(b.dimensions).toBe(a.dimensions);
    expect(toUsageEventRow(event(), { partition: 0, offset: '3' }, at).dimensions).toBe('{}');
  });

  it('stores the event time as UTC seconds whatever offset the platform sent', () => {
    expect(toUsageEventRow(event(), { partition: 2, offset: '9' }, new Date(0))).toMatchObject({ event_time: Date.parse('2021-03-01T03:00:00Z') / 1000, entity: '' });
  });
});
