import { MALFORMED_UNICODE_RULE, MAX_DIMENSIONS, toRejections, USAGE_EVENT_TYPE, UsageEventSchema } from './index';

const validEvent = () => ({
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:dga:platform:gdx',
  type: USAGE_EVENT_TYPE,
  time: '2021-03-01T10:00:00+07:00',
  data: { platform: 'gdx', metric: 'api_calls', agency: 'moph', value: 42 },
});

describe('UsageEventSchema', () => {
  it('accepts a CloudEvents 1.0 usage event and returns it unchanged', () => {
    const event = validEvent();
    expect(UsageEventSchema.parse(event)).toEqual(event);
  });

  it('names the path and the rule of every broken field', () => {
    const event = { ...validEvent(), data: { ...validEvent().data, value: 'many', platform: 'GDX' } };
    const result = UsageEventSchema.safeParse(event);
    expect(result.success).toBe(false);
    const rejections = result.success ? [] : toRejections(result.error);
    expect(rejections).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '$.data.value', rule: 'invalid_type' }),
        expect.objectContaining({ path: '$.data.platform', rule: 'invalid_format' }),
      ]),
    );
  });

  it('refuses control characters in the id, source, subject and dimension values, naming each field', () => {
    const event = {
      ...validEvent(),
      id: 'evt\u00001',
      source: 'urn:dga\n',
      subject: 'a\u007fb',
      data: { ...validEvent().data, dimensions: { service: 'x\ty' } },
    };
    const result = UsageEventSchema.safeParse(event);
    expect((result.success ? [] : toRejections(result.error)).map(({ path, rule }) => [path, rule])).toEqual([
      ['$.id', 'invalid_format'],
      ['$.source', 'invalid_format'],
      ['$.subject', 'invalid_format'],
      ['$.data.dimensions.service', 'invalid_format'],
    ]);
  });

  it('refuses fields the contract does not know', () => {
    const result = UsageEventSchema.safeParse({ ...validEvent(), extra: true });
    expect(result.success ? [] : toRejections(result.error)).toEqual([expect.objectContaining({ path: '$', rule: 'unrecognized_keys' })]);
  });
});

describe('UsageEventSchema bounds on every string', () => {
  const rulesOf = (event: unknown) => {
    const result = UsageEventSchema.safeParse(event);
    return (result.success ? [] : toRejections(result.error)).map(({ path, rule }) => [path, rule]);
  };

  it('refuses a lone UTF-16 surrogate in any string of the event with malformed_unicode at its path', () => {
    const lone = 'x\ud800';
    const event = {
      ...validEvent(),
      id: lone,
      source: `urn:dga:platform:gdx/${lone}`,
      subject: lone,
      data: { ...validEvent().data, agency: lone, dimensions: { service: lone } },
    };
    expect(rulesOf(event)).toEqual(
      expect.arrayContaining([
        ['$.id', MALFORMED_UNICODE_RULE],
        ['$.source', MALFORMED_UNICODE_RULE],
        ['$.subject', MALFORMED_UNICODE_RULE],
        ['$.data.agency', MALFORMED_UNICODE_RULE],
        ['$.data.dimensions.service', MALFORMED_UNICODE_RULE],
      ]),
    );
    expect(rulesOf({ ...validEvent(), data: { ...validEvent().data, metric: '\udc00' } })).toContainEqual(['$.data.metric', MALFORMED_UNICODE_RULE]);
  });

  it('accepts surrogate pairs: well-formed text beyond the BMP', () => {
    expect(UsageEventSchema.safeParse({ ...validEvent(), subject: 'ok 😀', data: { ...validEvent().data, dimensions: { service: '𝕏' } } }).success).toBe(true);
  });

  it(`refuses more than ${MAX_DIMENSIONS} dimensions and a time longer than 64 characters`, () => {
    const dimensions = Object.fromEntries(Array.from({ length: MAX_DIMENSIONS + 1 }, (_, n) => [`d${n}`, 'v']));
    expect(rulesOf({ ...validEvent(), data: { ...validEvent().data, dimensions } })).toEqual([['$.data.dimensions', 'too_big']]);
    expect(rulesOf({ ...validEvent(), time: `2021-03-01T10:00:00.${'1'.repeat(60)}Z` })).toEqual([['$.time', 'too_big']]);
  });
});

describe('UsageDataSchema entity', () => {
  const withEntity = (entity: string) => UsageEventSchema.safeParse({ ...validEvent(), data: { ...validEvent().data, entity } });

  it('accepts a keyed pseudonym hmac-v<keyVersion>:<64 lowercase hex>', () => {
    expect(withEntity(`hmac-v12:${'0123456789abcdef'.repeat(4)}`).success).toBe(true);
  });

  it.each([
    ['a raw identifier', 'somchai@example.com'],
    ['upper-case hex', `hmac-v1:${'ABCDEF0123456789'.repeat(4)}`],
    ['a missing key version', `hmac:${'a'.repeat(64)}`],
    ['key version 0', `hmac-v0:${'a'.repeat(64)}`],
    ['a truncated digest', `hmac-v1:${'a'.repeat(63)}`],
  ])('refuses %s at $.data.entity', (_what, entity) => {
    const result = withEntity(entity);
    expect(result.success ? [] : toRejections(result.error)).toEqual([expect.objectContaining({ path: '$.data.entity', rule: 'invalid_format' })]);
  });
});
