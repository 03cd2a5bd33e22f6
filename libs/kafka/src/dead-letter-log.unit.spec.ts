import type { Rejection } from '@govmetrics/contracts';
import type { KafkaMessage } from 'kafkajs';
import { deadLetter } from './dead-letter';
import { toDeadLetterEntry } from './dead-letter-entry';
import { DEAD_LETTER_PLATFORMS_MAX, DeadLetterLog } from './dead-letter-log';

const raw = (offset: number, value: string | null, key: string | null = null): KafkaMessage => ({
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  offset: String(offset),
  timestamp: String(Date.UTC(2026, 10, 29, 12, 0, offset)),
  attributes: 0,
  headers: {},
});

const rejection = (rule: string): Rejection => ({ path: '$.data.value', rule, message: `broke ${rule}` });

/** The record the validator writes for raw record `offset`, read back as the gateway reads the DLQ at `dlqOffset`. */
function dead(offset: number, platform: string | null, rule: string, value?: string) {
  const body = value ?? JSON.stringify({ id: `e${offset}`, source: `urn:dga:platform:${platform}`, data: { platform, value: -1 } });
  const letter = deadLetter(raw(offset, body), { topic: 'usage.raw.v1', partition: 0 }, [rejection(rule)]);
  const message: KafkaMessage = {
    timestamp: String(Date.UTC(2026, 10, 29, 12, 0, offset)),
    attributes: 0,
    key: letter.key as Buffer | null,
    value: letter.value as Buffer | null,
    headers: letter.headers ?? {},
    offset: String(100 + offset),
  };
  return toDeadLetterEntry(message, 0);
}

describe(DeadLetterLog.name, () => {
  it('reads an entry from the headers the validator writes and what the value claims, never the value', () => {
    expect(dead(3, 'gdx', 'value_out_of_bounds')).toEqual({
      deadLetter: { partition: 0, offset: '103' },
      time: '2026-11-29T12:00:03.000Z',
      platform: 'gdx',
      rule: 'value_out_of_bounds',
      rejections: [rejection('value_out_of_bounds')],
      rejectionCount: 1,
      redactedOriginalSha256: null,
      source: { topic: 'usage.raw.v1', partition: 0, offset: '3' },
      event: { source: 'urn:dga:platform:gdx', id: 'e3' },
    });
  });

  it('keeps the newest N of each platform and counts every one', () => {
    // Given 3 dead letters of gdx, 1 of mailgothai and 1 that names no platform, 2 kept per platform
    const log = new DeadLetterLog(2);
    [dead(1, 'gdx', 'a'), dead(2, 'mailgothai', 'b'), dead(3, 'gdx', 'b'), dead(4, null, 'invalid_json', 'not json'), dead(5, 'gdx', 'a')].forEach((entry) =>
      log.accept(entry),
    );

    // Then a platform's page is its newest 2, with all 3 counted
    const gdx = log.page({ platform: 'gdx', limit: 100 });
    expect(gdx).toMatchObject({ total: 3, counts: { a: 2, b: 1 }, keptPerPlatform: 2 });
    expect(gdx.entries.map((entry) => entry.source.offset)).toEqual(['5', '3']);
    // and the whole page is every platform's kept ones, newest first, including those of no platform
    const all = log.page({ limit: 100 });
    expect(all).toMatchObject({ total: 5, counts: { a: 2, b: 2, invalid_json: 1 } });
    expect(all.entries.map((entry) => [entry.source.offset, entry.platform])).toEqual([
      ['5', 'gdx'],
      ['4', null],
      ['3', 'gdx'],
      ['2', 'mailgothai'],
    ]);
    expect(log.page({ limit: 2 }).entries).toHaveLength(2);
    expect(log.tally()).toEqual({ total: 5, counts: { a: 2, b: 2, invalid_json: 1 } });
    expect(log.page({ platform: 'gin', limit: 100 })).toEqual({ total: 0, counts: {}, keptPerPlatform: 2, entries: [] });
  });

  it('files a platform first seen past the platform bound under no platform, so claimed names cannot grow memory', () => {
    const log = new DeadLetterLog(1);
    for (let n = 0; n < DEAD_LETTER_PLATFORMS_MAX; n++) log.accept(dead(n, `p${n}`, 'unknown_platform'));
    log.accept(dead(DEAD_LETTER_PLATFORMS_MAX, 'late', 'unknown_platform'));

    expect(log.page({ platform: 'late', limit: 10 }).total).toBe(0);
    expect(log.page({ limit: 1 })).toMatchObject({ total: DEAD_LETTER_PLATFORMS_MAX + 1, entries: [{ platform: 'late' }] });
  });

  it('names no platform from a redacted key', () => {
    const entry = dead(9, null, 'pii_in_clear', 'not json');
    expect(toDeadLetterEntry({ ...raw(9, null), key: Buffer.from('[redacted pii_in_clear sha256:ab]') }, 0).platform).toBeNull();
    expect(entry.platform).toBeNull();
  });
});
