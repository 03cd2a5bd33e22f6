import { decodeLogRecord, decodeLogRecords, ProjectionError, toProjectedEvent } from './projected-event';
import { touchedBuckets } from './touched-buckets';

const usageEvent = (id: string, time: string, agency = 'moph', dimensions?: Record<string, string>) => ({
  specversion: '1.0' as const,
  id,
  source: 'urn:dga:platform:gdx',
  type: 'th.go.dga.usage.recorded.v1' as const,
  time,
  data: { platform: 'gdx', metric: 'api_calls', agency, value: 3, dimensions },
});

describe(touchedBuckets.name, () => {
  it('names each touched Bangkok day once, late events included, in a stable order', () => {
    const events = [
      toProjectedEvent(usageEvent('a', '2024-05-01T10:00:00+07:00'), 0, '7'),
      toProjectedEvent(usageEvent('b', '2021-01-01T00:30:00+07:00'), 0, '8'),
      toProjectedEvent(usageEvent('a', '2024-05-01T10:00:00+07:00'), 0, '9'),
      toProjectedEvent(usageEvent('c', '2024-05-01T12:00:00Z', 'mof'), 0, '10'),
    ];
    expect(touchedBuckets(events)).toEqual([
      { platform: 'gdx', metric: 'api_calls', agency: 'mof', day: '2024-05-01' },
      { platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-01-01' },
      { platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2024-05-01' },
    ]);
  });
});

describe(decodeLogRecord.name, () => {
  it('writes dimensions as canonical JSON so the same set always lands in the same aggregate row', () => {
    const a = decodeLogRecord(JSON.stringify(usageEvent('a', '2021-03-01T10:00:00+07:00', 'moph', { tier: 'gold', channel: 'api' })), 0, '1');
    const b = decodeLogRecord(JSON.stringify(usageEvent('b', '2021-03-01T10:00:00+07:00', 'moph', { channel: 'api', tier: 'gold' })), 0, '2');
    expect(a.dimensions).toBe('{"channel":"api","tier":"gold"}');
    expect(b.dimensions).toBe(a.dimensions);
    expect(decodeLogRecord(JSON.stringify(usageEvent('c', '2021-03-01T10:00:00+07:00')), 0, '3')).toMatchObject({
      dimensions: '{}',
      entity: '',
      eventTime: Date.parse('2021-03-01T03:00:00Z') / 1000,
    });
  });

  it('refuses a record that breaks the contract as poison, naming where it is and what is wrong', () => {
    expect(() => decodeLogRecord('{not json', 2, '41')).toThrow(
      expect.objectContaining({ code: 'MALFORMED_LOG_RECORD', message: 'partition 2 offset 41 is not JSON' }) as Error,
    );
    const bad = { ...usageEvent('d', '2021-03-01T10:00:00Z'), data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 'four' } };
    expect(() => decodeLogRecord(JSON.stringify(bad), 2, '42')).toThrow(/partition 2 offset 42 is not a usage event \(\$\.data\.value: /);
  });
});

describe(decodeLogRecords.name, () => {
  it('throws one poison error naming every record that cannot be projected, each with its own reason', () => {
    const good = (offset: string) => ({ offset, value: JSON.stringify(usageEvent(`e${offset}`, '2021-03-01T10:00:00Z')) });
    const notAnEvent = { offset: '12', value: JSON.stringify({ ...usageEvent('f', '2021-03-01T10:00:00Z'), data: { platform: 'gdx' } }) };

    let thrown: unknown;
    try {
      decodeLogRecords([good('10'), { offset: '11', value: '{not json' }, notAnEvent, good('13')], 4);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ProjectionError);
    const error = thrown as ProjectionError;
    expect(error.poison).toBe(true);
    expect(error.offsets).toEqual(['11', '12']);
    expect(error.records.map((record) => [record.offset, record.reason])).toEqual([
      ['11', 'invalid_json'],
      ['12', 'invalid_type'],
    ]);
    expect(decodeLogRecords([good('10'), good('13')], 4).map((event) => event.offset)).toEqual(['10', '13']);
  });
});
