import type { EventVerdict } from '@govmetrics/contracts';
import { toRejections, UsageEventSchema } from '@govmetrics/contracts';
import fc from 'fast-check';
import { assessBatch, UNASSESSABLE_RULE } from './assess-batch';
import { isThaiNationalId } from './thai-national-id';
import { gdxEvent, policy } from './testing/intake.fixtures';
import { parseJsonItem } from './unparsable-item';

/** Issue 8's hostile inputs, each sent through assessBatch: what both intakes (HTTP and usage.raw.v1) judge with. */
const judge = (...items: unknown[]) => assessBatch(items, policy).verdicts;
const rejection = (path: string, rule: string): unknown => expect.objectContaining({ path, rule });
const errorsOf = (verdict: EventVerdict | undefined) => (verdict?.status === 'rejected' ? verdict.errors : []);

describe('the intake against hostile input (issue 8)', () => {
  it('refuses an id holding a lone UTF-16 surrogate, written as a legal JSON escape, at $.id with malformed_unicode', () => {
    const text = JSON.stringify(gdxEvent()).replace('"id":"evt-1"', '"id":"x\\ud800"');
    const [verdict] = judge(parseJsonItem(text));
    expect(verdict).toEqual({ index: 0, id: undefined, status: 'rejected', errors: [rejection('$.id', 'malformed_unicode')] });
  });

  it('refuses prototype names as platform, metric and dimension with their catalog rules, and accepts its neighbours', () => {
    const verdicts = judge(
      gdxEvent({ metric: 'constructor' }, { id: 'a' }),
      gdxEvent({ metric: 'constructor', dimensions: { service: 's' } }, { id: 'b' }),
      gdxEvent({ platform: 'constructor' }, { id: 'c', source: 'urn:dga:platform:constructor' }),
      gdxEvent({ dimensions: { constructor: 'x' } }, { id: 'd' }),
      gdxEvent({ platform: '__proto__' }, { id: 'e' }),
      gdxEvent({ metric: 'toString' }, { id: 'f' }),
      gdxEvent({}, { id: 'g' }),
    );
    expect(verdicts.map(errorsOf)).toEqual([
      [rejection('$.data.metric', 'undeclared_metric')],
      [rejection('$.data.metric', 'undeclared_metric')],
      [rejection('$.data.platform', 'unknown_platform')],
      [rejection('$.data.dimensions.constructor', 'undeclared_dimension')],
      expect.arrayContaining([rejection('$.data.platform', 'invalid_format')]),
      [rejection('$.data.metric', 'invalid_format')],
      [],
    ]);
  });

  it('answers a 0.9 MB event holding 100,000 e-mail-like strings with a verdict of under 64 KiB', () => {
    const text = JSON.stringify({ ...gdxEvent(), data: { ...gdxEvent().data, notes: Array.from({ length: 100_000 }, (_, n) => `${n.toString(36)}@x.io`) } });
    expect(text.length).toBeGreaterThan(0.8e6);
    expect(text.length).toBeLessThan(1.2e6);

    const verdicts = judge(parseJsonItem(text));
    const errors = errorsOf(verdicts[0]);
    expect(JSON.stringify(verdicts).length).toBeLessThan(64 * 1024);
    expect(errors).toHaveLength(21);
    expect(errors.at(-1)).toEqual(rejection('$', 'too_many_errors'));
  });

  it('keeps a whole batch of such events small: at most 500 rejections in full, then one and a marker per event', () => {
    const crowded = { ...gdxEvent(), data: { ...gdxEvent().data, notes: Array.from({ length: 100 }, (_, n) => `${n}@x.io`) } };
    const verdicts = judge(...Array.from({ length: 1000 }, () => crowded));
    expect(verdicts.flatMap(errorsOf).length).toBeLessThanOrEqual(500 + 2 * 1000);
    expect(JSON.stringify(verdicts).length).toBeLessThan(500 * 1024);
  });

  it('refuses 100,000 dimensions before zod reads them, with the rejection the contract itself gives 17', () => {
    const dimensions = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, n) => [`d${n}`, `${n}@x.io`]));
    const contract = UsageEventSchema.safeParse(gdxEvent({ dimensions: { ...dimensions(17), service: 's' } }));
    const [verdict] = judge(gdxEvent({ dimensions: dimensions(100_000) }));
    expect(errorsOf(verdict)[0]).toEqual({ path: '$.data.dimensions', rule: 'too_big', message: 'at most 16 dimensions; this event has 100000' });
    expect(contract.success ? [] : toRejections(contract.error)).toEqual([
      { path: '$.data.dimensions', rule: 'too_big', message: 'at most 16 dimensions; this event has 18' },
    ]);
  });

  it("refuses GDX naming MailGoThai as its source, so it cannot take MailGoThai's ids", () => {
    expect(judge(gdxEvent({}, { source: 'urn:dga:platform:mailgothai' })).map(errorsOf)).toEqual([[rejection('$.source', 'source_not_of_platform')]]);
  });

  it('refuses value 1e308, whose sum with another would overflow to Infinity', () => {
    const verdicts = judge(gdxEvent({ value: 1e308 }, { id: 'a' }), gdxEvent({ value: 1e308 }, { id: 'b' }));
    expect(verdicts.map(errorsOf)).toEqual([[rejection('$.data.value', 'value_out_of_range')], [rejection('$.data.value', 'value_out_of_range')]]);
  });

  it.each(['๑๑๐๑๗๐๐๒๐๗๓๖๖', 'x1101700207366', 'somchai＠example.co.th', 'สมชาย@ตัวอย่าง.ไทย', '081.234.5678', '(081) 234 5678', '0066812345678'])(
    'refuses %s in the subject and in a dimension value as pii_in_clear',
    (pii) => {
      const verdicts = judge(gdxEvent({}, { id: 'a', subject: pii }), gdxEvent({ dimensions: { service: pii } }, { id: 'b' }));
      expect(verdicts.map(errorsOf)).toEqual([[rejection('$.subject', 'pii_in_clear')], [rejection('$.data.dimensions.service', 'pii_in_clear')]]);
    },
  );

  it('never refuses an id holding a millisecond timestamp, even one that passes the national ID checksum', () => {
    const timestamps = Array.from({ length: 300 }, (_, n) => 1_617_262_800_123 + n).filter((ms) => isThaiNationalId(String(ms)));
    expect(timestamps.length).toBeGreaterThan(10);
    const verdicts = judge(...timestamps.flatMap((ms) => [gdxEvent({}, { id: String(ms) }), gdxEvent({}, { id: `evt-${ms}` })]));
    expect(verdicts.filter((verdict) => verdict.status !== 'accepted')).toEqual([]);
  });

  it('rejects an item whose judging throws as unassessable, and judges the rest of the batch', () => {
    const booby = Object.defineProperty({}, 'id', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const faults: { error: unknown; index: number }[] = [];
    const { verdicts } = assessBatch([booby, gdxEvent()], policy, { onFault: (error, index) => faults.push({ error, index }) });
    expect(verdicts).toEqual([
      { index: 0, status: 'rejected', errors: [{ path: '$', rule: UNASSESSABLE_RULE, message: expect.stringContaining('logged for the operators') }] },
      { index: 1, id: 'evt-1', status: 'accepted' },
    ]);
    expect(faults).toEqual([{ error: new Error('boom'), index: 0 }]);
  });
});

describe(`${assessBatch.name} (properties)`, () => {
  const prototypeKeys = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype');
  const key = fc.oneof(prototypeKeys, fc.string({ maxLength: 12 }), fc.constantFrom('id', 'source', 'data', 'platform', 'metric', 'dimensions', 'value'));
  const hostile = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue(),
      tie('object'),
      tie('array'),
      fc.constantFrom(1e308, -0, 'x\ud800', '\udc00', 'constructor'),
    ),
    object: fc.dictionary(key, tie('value'), { maxKeys: 6 }),
    array: fc.array(tie('value'), { maxLength: 4 }),
  })).value;
  const deep = fc.integer({ min: 1, max: 5000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown);
  const nearEvent = fc.tuple(fc.dictionary(key, hostile, { maxKeys: 4 }), fc.dictionary(key, hostile, { maxKeys: 4 })).map(([envelope, data]) => {
    const event = gdxEvent();
    return JSON.parse(JSON.stringify({ ...event, ...envelope, data: { ...event.data, ...data } })) as unknown;
  });

  it('never throws on arbitrary JSON, prototype keys and deep nesting, and answers every item once, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostile, deep, nearEvent), { minLength: 1, maxLength: 8 }), (items) => {
        const { verdicts } = assessBatch(items, policy);
        expect(verdicts.map((verdict) => verdict.index)).toEqual(items.map((_, index) => index));
        for (const verdict of verdicts) {
          if (verdict.status === 'rejected') expect(verdict.errors.every(({ rule }) => rule !== UNASSESSABLE_RULE)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
