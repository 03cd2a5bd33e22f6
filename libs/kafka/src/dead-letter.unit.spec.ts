import type { Rejection } from '@govmetrics/contracts';
import { DLQ_HEADERS } from '@govmetrics/contracts';
import type { KafkaMessage } from 'kafkajs';
import { createHash } from 'node:crypto';
import { TOO_MANY_ERRORS_RULE } from '@govmetrics/ingestion';
import { boundedRejections, deadLetter, DLQ_REJECTIONS_MAX_BYTES, DLQ_REJECTIONS_MAX_ENTRIES } from './dead-letter';

const rejection = (n: number, message = 'carries an e-mail address in clear'): Rejection => ({ path: `$.subject[${n}]`, rule: 'pii_in_clear', message });
const raw = (value: string | null, key = 'k'): KafkaMessage => ({
  key: Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  offset: '7',
  timestamp: '1',
  headers: { origin: 'exporter' },
  attributes: 0,
});
const from = { topic: 'usage.raw.v1', partition: 2 };

describe(boundedRejections.name, () => {
  it('lists every rejection when they fit', () => {
    const few = [rejection(0), rejection(1)];
    expect(boundedRejections(few)).toEqual(few);
  });

  it('lists at most as many entries as the validator does, the last counting the rest', () => {
    const listed = boundedRejections(Array.from({ length: 100_000 }, (_, n) => rejection(n)));
    expect(listed).toHaveLength(DLQ_REJECTIONS_MAX_ENTRIES);
    expect(listed.at(-1)).toEqual({
      path: '$',
      rule: TOO_MANY_ERRORS_RULE,
      message: `${100_000 - DLQ_REJECTIONS_MAX_ENTRIES + 1} more rejections of 100000 not listed`,
    });
  });

  it('stays within 8 KiB however long the messages and paths are', () => {
    const long = Array.from({ length: 30 }, (_, n) => ({ path: `$.${'x'.repeat(5000)}${n}`, rule: 'r', message: 'm'.repeat(5000) }));
    const listed = boundedRejections(long);
    expect(Buffer.byteLength(JSON.stringify(listed))).toBeLessThanOrEqual(DLQ_REJECTIONS_MAX_BYTES);
    expect(listed.at(-1)?.rule).toBe(TOO_MANY_ERRORS_RULE);
  });
});

describe(deadLetter.name, () => {
  it('keeps a record without personal data unchanged, with why and where from', () => {
    const letter = deadLetter(raw('not json'), from, [{ path: '$', rule: 'invalid_json', message: 'not JSON' }]);
    expect(letter.value).toEqual(Buffer.from('not json'));
    expect(letter.headers).toEqual(
      expect.objectContaining({
        origin: 'exporter',
        [DLQ_HEADERS.rule]: 'invalid_json',
        [DLQ_HEADERS.rejectionCount]: '1',
        [DLQ_HEADERS.sourceTopic]: 'usage.raw.v1',
        [DLQ_HEADERS.sourcePartition]: '2',
        [DLQ_HEADERS.sourceOffset]: '7',
      }),
    );
    expect(letter.headers?.[DLQ_HEADERS.redacted]).toBeUndefined();
  });

  it('never copies personal data: a redacted value with the digest of the original, and a redacted key', () => {
    const value = JSON.stringify({ id: 'e1', subject: 'somchai@example.co.th' });
    const letter = deadLetter(raw(value, 'somchai@example.co.th'), from, [
      { path: '$.subject', rule: 'pii_in_clear', message: 'carries an e-mail address in clear' },
    ]);
    expect(String(letter.value)).not.toContain('somchai');
    expect(String(letter.key)).not.toContain('somchai');
    expect(letter.headers).toEqual(
      expect.objectContaining({ [DLQ_HEADERS.redacted]: 'pii_in_clear', [DLQ_HEADERS.originalSha256]: createHash('sha256').update(value).digest('hex') }),
    );
  });
});
