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

describe(mayCarryPii.name, () => {
  // The pattern it stands for: an '@', or nine digits with at most one '-' or ' ' between two of them.
  const PATTERN = /@|[0-9](?:[- ]?[0-9]){8}/;

  it('says what the pattern says, on strings dense in digits and separators and on any string', () => {
    const dense = fc.string({ unit: fc.constantFrom(...'0123456789- @a.+:'), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(dense, fc.string(), fc.string({ unit: 'grapheme' })), (text) => {
        expect(mayCarryPii(text)).toBe(PATTERN.test(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each(['123456789', '1-2-3-4-5-6-7-8-9', '12 34 56 78 9', 'a@b', 'x 0812345678'])('finds a candidate in %j', (text) => expect(mayCarryPii(text)).toBe(true));
  it.each(['12345678', '1--23456789', '1234-5678 x9', '- 12345678', '3b241101-e2bb-4255'])('finds none in %j', (text) => expect(mayCarryPii(text)).toBe(false));
});

describe(personalDataIn.name, () => {
  it.each([
    ['1234567890121', 'a Thai national ID number'],
    ['citizen 1-2345-67890-12-1', 'a Thai national ID number'],
    ['somchai.j@moph.go.th', 'an e-mail address'],
    ['081-234-5678', 'a phone number'],
    ['0812345678', 'a phone number'],
    ['+66 81 234 5678'.replace(/ /g, ''), 'a phone number'],
    ['02-123-4567', 'a phone number'],
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
  ])('finds nothing in %s', (_what, text) => {
    expect(personalDataIn(text)).toBeUndefined();
  });
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
});
