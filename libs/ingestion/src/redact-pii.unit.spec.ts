import type { Rejection } from '@govmetrics/contracts';
import { createHash } from 'node:crypto';
import { PII_RULE, scanForPii } from './pii-scan';
import { piiMarker, REDACTED_MAX_CHARS, redactPii } from './redact-pii';
import { gdxEvent, PSEUDONYM } from './testing/intake.fixtures';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const refusal = (path: string): Rejection => ({ path, rule: PII_RULE, message: 'carries personal data' });

describe(redactPii.name, () => {
  it('replaces each string carrying personal data by a marker of its sha256 and keeps everything else', () => {
    // Given an event with an e-mail in a dimension and a national ID in the subject
    const event = gdxEvent({ entity: PSEUDONYM, dimensions: { channel: 'api', contact: 'somchai.j@moph.go.th' } }, { subject: 'citizen 1234567890121' });
    const text = JSON.stringify(event);

    // When it is redacted with the validator's rejections
    const { text: copy, redacted } = redactPii(text, scanForPii(event));

    // Then the personal values are gone, their digests and every other field kept
    expect(redacted).toBe(true);
    expect(copy).not.toContain('somchai');
    expect(copy).not.toContain('1234567890121');
    const parsed = JSON.parse(copy) as typeof event;
    expect(parsed.data.dimensions).toEqual({ channel: 'api', contact: `[redacted pii_in_clear sha256:${sha256('somchai.j@moph.go.th')}]` });
    expect(parsed.subject).toBe(piiMarker('citizen 1234567890121'));
    expect({ ...parsed, subject: event.subject, data: { ...parsed.data, dimensions: event.data.dimensions } }).toEqual(event);
  });

  it('redacts a field name carrying personal data, and a string at a path the validator refused even if it looks clean here', () => {
    const text = JSON.stringify({ data: { dimensions: { 'somchai@example.co.th': 'x' } }, id: 'looks-clean' });
    const { text: copy } = redactPii(text, [refusal('$.id')]);
    expect(JSON.parse(copy)).toEqual({ data: { dimensions: { [piiMarker('somchai@example.co.th')]: 'x' } }, id: piiMarker('looks-clean') });
  });

  it('returns the original text unchanged when nothing in it carries personal data', () => {
    const text = JSON.stringify(gdxEvent({ value: 7 }));
    expect(redactPii(text, [{ path: '$.data.value', rule: 'counter_negative', message: '' }])).toEqual({ text, redacted: false });
    expect(redactPii('not json at all', [])).toEqual({ text: 'not json at all', redacted: false });
  });

  it('replaces non-JSON text carrying personal data by a digest only', () => {
    const text = 'name=somchai phone=081-234-5678 {';
    expect(redactPii(text, [])).toEqual({ text: `[redacted pii_in_clear sha256:${sha256(text)}]`, redacted: true });
  });

  it('keeps a __proto__ field a field, and does not copy a subtree deeper than the screen reaches', () => {
    const deep = `${'['.repeat(100)}"somewhere deep"${']'.repeat(100)}`;
    const { text: copy } = redactPii(`{"__proto__":{"polluted":"a@b.co"},"deep":${deep}}`, []);
    const parsed = JSON.parse(copy) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'deep']);
    expect(JSON.stringify(parsed)).not.toContain('a@b.co');
    expect(copy).toContain('nested deeper than 32 levels');
    expect(copy).not.toContain('somewhere deep');
  });

  it('replaces a redacted copy too large to keep (100,000 e-mails) by the digest of the whole record', () => {
    const text = JSON.stringify({ ...gdxEvent(), subject: Array.from({ length: 100_000 }, (_, n) => `user${n}@example.com`) });
    const { text: copy, redacted } = redactPii(text, []);
    expect(redacted).toBe(true);
    expect(copy).toBe(piiMarker(text));
    expect(copy.length).toBeLessThan(REDACTED_MAX_CHARS);
  });
});
