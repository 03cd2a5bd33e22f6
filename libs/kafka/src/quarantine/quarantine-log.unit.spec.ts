import { QUARANTINE_HEADERS } from '@govmetrics/contracts';
import type { KafkaMessage } from 'kafkajs';
import { toQuarantineEntry } from './quarantine-entry';
import { QuarantineLog } from './quarantine-log';

const quarantined = (offset: number, sourceOffset: number, reason: string, value: string | null, key: string | null = 'gdx:moph'): KafkaMessage => ({
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  offset: String(offset),
  timestamp: String(Date.UTC(2026, 10, 29, 12, 0, offset)),
  attributes: 0,
  headers: {
    'platform-trace': 'kept',
    [QUARANTINE_HEADERS.reason]: reason,
    [QUARANTINE_HEADERS.message]: `refused ${sourceOffset}`,
    [QUARANTINE_HEADERS.consumer]: 'projector',
    [QUARANTINE_HEADERS.sourceTopic]: 'usage.events.v1',
    [QUARANTINE_HEADERS.sourcePartition]: '2',
    [QUARANTINE_HEADERS.sourceOffset]: String(sourceOffset),
  },
});

const event = (platform: string, id: string) =>
  JSON.stringify({ id, source: `urn:dga:platform:${platform}`, data: { platform, metric: 'api_calls', value: 1, entity: 'hmac-v1:secret' } });

describe(QuarantineLog.name, () => {
  it('shows where a record came from, why, and what it claims to be, but none of the rest of its value', () => {
    const entry = toQuarantineEntry(quarantined(7, 41, 'clickhouse_cannot_parse_escape_sequence', event('gdx', 'x\ud800')), 1);

    expect(entry).toEqual({
      quarantine: { partition: 1, offset: '7' },
      time: '2026-11-29T12:00:07.000Z',
      reason: 'clickhouse_cannot_parse_escape_sequence',
      message: 'refused 41',
      consumer: 'projector',
      source: { topic: 'usage.events.v1', partition: 2, offset: '41' },
      key: 'gdx:moph',
      event: { platform: 'gdx', source: 'urn:dga:platform:gdx', id: 'x\ud800' },
      replayedFrom: null,
    });
    expect(JSON.stringify(entry)).not.toContain('hmac-v1');
    expect(toQuarantineEntry(quarantined(8, 42, 'invalid_json', '{not json', null), 0)).toMatchObject({ event: null, key: null });
  });

  it('counts each source record once per reason, filters by platform, and pages the newest first', () => {
    const log = new QuarantineLog();
    const messages = [
      quarantined(1, 10, 'invalid_json', '{'),
      quarantined(2, 11, 'clickhouse_cannot_parse_input_assertion_failed', event('mailgothai', 'm1'), 'mailgothai:moph'),
      quarantined(3, 12, 'clickhouse_cannot_parse_input_assertion_failed', event('gdx', 'g1')),
      // The same source record quarantined again (a crash before the commit): still one record.
      quarantined(4, 12, 'clickhouse_cannot_parse_input_assertion_failed', event('gdx', 'g1')),
      quarantined(5, 13, '__proto__', event('gdx', 'g2')),
    ];
    for (const message of messages) log.accept(toQuarantineEntry(message, 0));

    const all = log.page({ limit: 2 });
    expect(all.total).toBe(4);
    expect(all.counts).toEqual({ invalid_json: 1, clickhouse_cannot_parse_input_assertion_failed: 2, ['__proto__']: 1 });
    expect(Object.getPrototypeOf(all.counts)).toBe(Object.prototype);
    expect(all.entries.map((entry) => entry.source.offset)).toEqual(['13', '12']);

    const gdx = log.page({ platform: 'gdx', limit: 100 });
    expect(gdx.total).toBe(3);
    expect(gdx.entries.map((entry) => entry.source.offset)).toEqual(['13', '12', '10']);
    expect(log.page({ platform: 'gin', limit: 100 })).toEqual({ total: 0, counts: {}, entries: [] });
  });

  it('keeps only the newest entries in memory, while counting all of them', () => {
    const log = new QuarantineLog(2);
    for (let i = 0; i < 5; i += 1) log.accept(toQuarantineEntry(quarantined(i, 100 + i, 'invalid_json', '{'), 0));

    const page = log.page({ limit: 100 });
    expect(page.total).toBe(5);
    expect(page.entries.map((entry) => entry.source.offset)).toEqual(['104', '103']);
  });
});
