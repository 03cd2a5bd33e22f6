import fc from 'fast-check';
import { mayCarryPii, PII_RULE, personalDataIn, scanForPii } from './pii-scan';
import { PSEUDONYM } from './testing/intake.fixtures';
import { isThaiNationalId } from './thai-national-id';

describe(isThaiNationalId.name, () => {
  it('accepts 13 digits with a valid check digit and refuses a wrong check digit', () => {
    // 1·13 + 2·12 + 3·11 + 4·10 + 5·9 + 6·8 + 7·7 + 8·6 + 9·5 + 0·4 + 1·3 + 2·2 = 352; (11 − 352 mod 11) mod 10 = 1
    expect(isThaiNationalId('1234567890121')).toBe(true);
    expect(isThaiNationalId('1234567890122')).toBe(false);
    expect(isThaiNationalId('123456789012')).toBe(false);
  });
});

/** Millisecond timestamps (13 digits) whose digits happen to pass the national ID checksum: about one in eleven. */
const checksumTimestamps = Array.from({ length: 200 }, (_, n) => String(1_617_262_800_000 + n * 37)).filter(isThaiNationalId);

describe(personalDataIn.name, () => {
  it.each([
    ['1234567890121', 'a Thai national ID number'],
    ['citizen 1-2345-67890-12-1', 'a Thai national ID number'],
    ['๑๑๐๑๗๐๐๒๐๗๓๖๖', 'a Thai national ID number'],
    ['x1101700207366', 'a Thai national ID number'],
    ['１１０１７００２０７３６６', 'a Thai national ID number'],
    ['somchai.j@moph.go.th', 'an e-mail address'],
    ['somchai＠example.co.th', 'an e-mail address'],
    ['สมชาย@ตัวอย่าง.ไทย', 'an e-mail address'],
    ['081-234-5678', 'a phone number'],
    ['0812345678', 'a phone number'],
    ['081.234.5678', 'a phone number'],
    ['(081) 234 5678', 'a phone number'],
    ['081\u00a0234\u20135678', 'a phone number'],
    ['๐๘๑-๒๓๔-๕๖๗๘', 'a phone number'],
    ['0066812345678', 'a phone number'],
    ['+66812345678', 'a phone number'],
    ['(+66) 81-234-5678', 'a phone number'],
    ['+66 2 123 4567', 'a phone number'],
    ['02-123-4567', 'a phone number'],
    ['call 2021-03-01 0812345678', 'a phone number'],
  ])('finds %s as %s', (text, kind) => {
    expect(personalDataIn(text)).toBe(kind);
  });

  it.each([
    ['a pseudonym', PSEUDONYM],
    ['a UUID', '3b241101-e2bb-4255-8caf-4136c566a962'],
    ['13 digits with a wrong check digit', '1234567890122'],
    ['a CloudEvents time', '2021-03-01T10:00:00+07:00'],
    ['a source URN', 'urn:dga:platform:gdx'],
    ['an agency code', 'moph-01'],
    ['a fraction', '0.812345678'],
    ['a Thai province', 'กรุงเทพมหานคร'],
    ['14 digits', '11017002073661'],
  ])('finds nothing in %s', (_what, text) => {
    expect(personalDataIn(text)).toBeUndefined();
  });

  it('never finds personal data in a UUID or a pseudonym, whose digit runs glued to hex letters are no number a person wrote', () => {
    const pseudonym = fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `hmac-v1:${hex}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uuid(),
          pseudonym,
          fc.uuid().map((uuid) => `req-${uuid}`),
        ),
        (text) => {
          expect(personalDataIn(text)).toBeUndefined();
          expect(personalDataIn(text, 'opaque')).toBeUndefined();
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('finds, in an opaque identifier, e-mail addresses and the written forms of IDs and phones', () => {
    for (const text of ['evt-somchai＠example.co.th', 'evt-1-1017-00207-36-6', 'evt-081-234-5678', 'evt+66812345678', 'evt-(081) 234 5678']) {
      expect(personalDataIn(text, 'opaque')).toBeDefined();
    }
  });

  it('never finds personal data in an opaque identifier holding a millisecond timestamp, even one passing the ID checksum', () => {
    expect(checksumTimestamps.length).toBeGreaterThan(5);
    for (const timestamp of checksumTimestamps) {
      expect(personalDataIn(timestamp)).toBe('a Thai national ID number');
      for (const id of [timestamp, `evt-${timestamp}`, `gdx-${timestamp}-7`, `${timestamp}.42`]) expect(personalDataIn(id, 'opaque')).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.integer({ min: 1e12, max: 9_999_999_999_999 }), fc.constantFrom('', 'evt-', 'gdx-moph-'), (ms, prefix) => {
        expect(personalDataIn(`${prefix}${ms}`, 'opaque')).toBeUndefined();
      }),
      { numRuns: 5000 },
    );
  });
});

describe(mayCarryPii.name, () => {
  const dense = fc.string({ unit: fc.constantFrom(...'0123456789- .()/+@x', '๐', '๘', '\u00a0', '＠', '１', 'ก'), maxLength: 40 });
  const thaiId = fc.constantFrom('1101700207366', '1234567890121', '0812345678', '021234567');

  it('never skips a string the screen would flag, in either screening', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          dense,
          fc.string(),
          fc.tuple(dense, thaiId, dense).map((parts) => parts.join('')),
        ),
        (text) => {
          if (mayCarryPii(text)) return;
          expect(personalDataIn(text, 'full')).toBeUndefined();
          expect(personalDataIn(text, 'opaque')).toBeUndefined();
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it.each(['urn:dga:platform:gdx', '2021-03-01T10:00:00+07:00', 'moph-01', '12345678', '1234-5678 x9'])(
    'lets the common ASCII string %j skip the screen',
    (text) => {
      expect(mayCarryPii(text)).toBe(false);
    },
  );
});

describe(scanForPii.name, () => {
  it('names the path of every field that carries personal data, keys included', () => {
    const found = scanForPii({ id: 'x', subject: 'a@b.co', data: { dimensions: { '0812345678': 'y' }, list: ['1234567890121'] } });
    expect(found).toEqual([
      expect.objectContaining({ path: '$.subject', rule: PII_RULE }),
      expect.objectContaining({ path: '$.data.dimensions.0812345678', rule: PII_RULE, message: expect.stringMatching(/^field name/) }),
      expect.objectContaining({ path: '$.data.list[0]', rule: PII_RULE }),
    ]);
  });

  it('screens the event id as an opaque identifier and every other field in full', () => {
    const [timestamp] = checksumTimestamps;
    expect(scanForPii({ id: timestamp, subject: timestamp })).toEqual([expect.objectContaining({ path: '$.subject', rule: PII_RULE })]);
  });

  it('refuses a field name holding a lone surrogate, showing it as U+FFFD in the path', () => {
    expect(scanForPii({ data: { dimensions: { 'x\ud800': 'v' } } })).toEqual([
      { path: '$.data.dimensions.x\ufffd', rule: 'malformed_unicode', message: expect.stringContaining('surrogate') },
    ]);
  });
});
