import { UsageEventSchema } from '@govmetrics/contracts';
import fc from 'fast-check';
import { scanForPii } from './pii-scan';
import { policy } from './testing/intake.fixtures';
import { validEvent } from './testing/usage-event.arbitraries';
import { isCleanUsageEvent } from './usage-event.fast-path';
import { validateUsageEvent, validateUsageEventThoroughly } from './validate-usage-event';

const FIELDS = [
  ['id'],
  ['source'],
  ['time'],
  ['type'],
  ['specversion'],
  ['subject'],
  ['datacontenttype'],
  ['extra'],
  ['data'],
  ['data', 'value'],
  ['data', 'platform'],
  ['data', 'metric'],
  ['data', 'agency'],
  ['data', 'entity'],
  ['data', 'dimensions'],
  ['data', 'extra'],
] as const;

/** Near-misses of the common shape: one field of a valid event replaced by arbitrary JSON, a near-valid string, or removed. */
const nearlyValid: fc.Arbitrary<unknown> = fc
  .tuple(
    validEvent,
    fc.constantFrom(...FIELDS),
    fc.oneof(
      fc.jsonValue(),
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        undefined,
        '',
        '1.0',
        'application/json',
        'x'.repeat(129),
        'x'.repeat(257),
        '2021-02-29T10:00:00Z',
        '2021-03-01T10:00:00',
        'hmac-v1:' + 'A'.repeat(64),
      ),
      fc.constantFrom('somchai@example.co.th', '081-234-5678', '1234567890121', Infinity, NaN, -0, 1e308),
      // Issue 8's hostile values: lone surrogates, prototype names, values past the bounds, PII after normalisation, timestamps.
      fc.constantFrom('x\ud800', '\udc00', 'constructor', '__proto__', 'toString', 1.5, 1e9 + 1, 2e12, 'urn:dga:platform:mailgothai', 'urn:dga:platform:gdx/x'),
      fc.constantFrom(
        '๑๑๐๑๗๐๐๒๐๗๓๖๖',
        'x1101700207366',
        'somchai＠example.co.th',
        'สมชาย@ตัวอย่าง.ไทย',
        '081.234.5678',
        '(081) 234 5678',
        '0066812345678',
        'evt-1617262800123',
      ),
      fc.constantFrom(`2021-03-01T10:00:00.${'1'.repeat(60)}Z`, Object.fromEntries(Array.from({ length: 17 }, (_, n) => [`d${n}`, 'v']))),
      fc.dictionary(
        fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom('constructor', '__proto__', 'x\ud800')),
        fc.oneof(fc.string({ maxLength: 130 }), fc.jsonValue()),
        { maxKeys: 3 },
      ),
    ),
  )
  .map(([event, path, replacement]) => {
    const mutated = structuredClone(event) as unknown as Record<string, unknown> & { data: Record<string, unknown> };
    const target = path.length === 1 ? mutated : mutated.data;
    target[path[path.length - 1] as string] = replacement;
    return mutated;
  });

const anyInput = fc.oneof(validEvent, nearlyValid, fc.jsonValue(), fc.anything({ withNullPrototype: true, withDate: true }));

describe(`${isCleanUsageEvent.name}, the validator's fast path`, () => {
  it('says "clean" only for what zod accepts unchanged and in which no string carries personal data', () => {
    fc.assert(
      fc.property(anyInput, (item) => {
        if (!isCleanUsageEvent(item)) return;
        const parsed = UsageEventSchema.safeParse(item);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toStrictEqual(item);
        expect(scanForPii(item)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives, through validateUsageEvent, the same verdict with the same rejections as the thorough validator, for arbitrary input', () => {
    fc.assert(
      fc.property(anyInput, (item) => {
        expect(validateUsageEvent(item, policy)).toStrictEqual(validateUsageEventThoroughly(item, policy));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes every clean event the catalog allows, so the common case never pays for zod', () => {
    fc.assert(
      fc.property(validEvent, (event) => expect(isCleanUsageEvent(structuredClone(event))).toBe(true)),
      { numRuns: 500 },
    );
  });

  it('leaves an event with personal data in any string, or an undefined member, to the thorough path', () => {
    const event = structuredClone(fc.sample(validEvent, 1)[0]) as unknown as Record<string, unknown> & { data: Record<string, unknown> };
    expect(isCleanUsageEvent({ ...event, subject: 'somchai@example.co.th' })).toBe(false);
    expect(isCleanUsageEvent({ ...event, data: { ...event.data, dimensions: { x_1234567890121: 'v' } } })).toBe(false);
    expect(isCleanUsageEvent({ ...event, subject: undefined })).toBe(false);
    expect(isCleanUsageEvent({ ...event, subject: 'x\ud800' })).toBe(false);
    expect(isCleanUsageEvent({ ...event, subject: '๑๑๐๑๗๐๐๒๐๗๓๖๖' })).toBe(false);
  });
});
