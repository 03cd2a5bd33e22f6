import { applyPriorAcceptances, assessBatch, claimsOf, countVerdicts, dedupKey, PLATFORM_NOT_OF_KEY_RULE } from './assess-batch';
import { contentDigest } from './content-digest';
import { gdxEvent, policy } from './testing/intake.fixtures';
import { UnparsableItem } from './unparsable-item';

describe(assessBatch.name, () => {
  it('given one bad event among good ones, accepts the good ones and names what is wrong with the bad one', () => {
    const bad = { ...gdxEvent({}, { id: 'b' }), data: { ...gdxEvent().data, value: 'x' } };
    const { verdicts, accepted } = assessBatch([gdxEvent({}, { id: 'a' }), bad, gdxEvent({}, { id: 'c' })], policy);

    expect(accepted.map(({ index, event }) => [index, event.id])).toEqual([
      [0, 'a'],
      [2, 'c'],
    ]);
    expect(verdicts).toEqual([
      { index: 0, id: 'a', status: 'accepted' },
      { index: 1, id: 'b', status: 'rejected', errors: [expect.objectContaining({ path: '$.data.value', rule: 'invalid_type' })] },
      { index: 2, id: 'c', status: 'accepted' },
    ]);
  });

  it('given something that is not an event at all, rejects it at the root', () => {
    expect(assessBatch([42], policy).verdicts).toEqual([
      { index: 0, id: undefined, status: 'rejected', errors: [expect.objectContaining({ path: '$', rule: 'invalid_type' })] },
    ]);
  });

  it('given an NDJSON line that was not JSON, rejects it with invalid_json', () => {
    expect(assessBatch([new UnparsableItem('not JSON: Unexpected token')], policy).verdicts).toEqual([
      { index: 0, id: undefined, status: 'rejected', errors: [{ path: '$', rule: 'invalid_json', message: 'not JSON: Unexpected token' }] },
    ]);
  });

  it('given the same event twice in one batch, even written differently, accepts the first and answers duplicate for the second', () => {
    const { data, ...envelope } = gdxEvent({ dimensions: { service: 'dopa-linkage' } });
    const rewritten = {
      data: { dimensions: data.dimensions, value: data.value, agency: data.agency, metric: data.metric, platform: data.platform },
      ...envelope,
      time: '2021-03-01T03:00:00Z',
    };
    const { verdicts, accepted } = assessBatch([{ ...envelope, data }, rewritten], policy);
    expect(verdicts.map((verdict) => verdict.status)).toEqual(['accepted', 'duplicate']);
    expect(accepted).toHaveLength(1);
  });

  it('given one (source, id) twice in one batch with other data, rejects the second at $.id naming the first, and claims only the first', () => {
    const assessment = assessBatch([gdxEvent({ value: 1 }), gdxEvent({ value: 2 })], policy);

    expect(assessment.verdicts[1]).toEqual({
      index: 1,
      id: 'evt-1',
      status: 'rejected',
      errors: [{ path: '$.id', rule: 'id_reused_with_different_data', message: expect.stringContaining('event 0 of this batch') }],
    });
    expect(claimsOf(assessment)).toEqual([{ source: 'urn:dga:platform:gdx', id: 'evt-1', digest: contentDigest(gdxEvent({ value: 1 })) }]);
  });

  it('given the same id from two sources, accepts both: identity is (source, id)', () => {
    const other = gdxEvent({}, { source: 'urn:dga:platform:gdx/replica-2' });
    expect(assessBatch([gdxEvent(), other], policy).accepted).toHaveLength(2);
  });
});

describe(applyPriorAcceptances.name, () => {
  const acceptedAt = new Date('2021-03-02T01:02:03Z');
  const before = (id: string, digest: string) => [dedupKey({ source: 'urn:dga:platform:gdx', id }), { digest, acceptedAt }] as const;

  it('answers duplicate for an event accepted before with the same content, and keeps it off the log', () => {
    const assessment = assessBatch([gdxEvent({}, { id: 'old' }), gdxEvent({}, { id: 'new' })], policy);
    const judged = applyPriorAcceptances(assessment, new Map([before('old', contentDigest(gdxEvent({}, { id: 'old' })))]));

    expect(judged.verdicts.map((verdict) => [verdict.id, verdict.status])).toEqual([
      ['old', 'duplicate'],
      ['new', 'accepted'],
    ]);
    expect(judged.accepted.map(({ event }) => event.id)).toEqual(['new']);
    expect(countVerdicts(judged.verdicts)).toEqual({ accepted: 1, duplicate: 1, rejected: 0 });
  });

  it('rejects an event whose (source, id) was accepted before with other content, naming when, and keeps it off the log', () => {
    const judged = applyPriorAcceptances(
      assessBatch([gdxEvent({ agency: 'mof' }, { id: 'old' })], policy),
      new Map([before('old', contentDigest(gdxEvent({}, { id: 'old' })))]),
    );

    expect(judged.verdicts).toEqual([
      {
        index: 0,
        id: 'old',
        status: 'rejected',
        errors: [{ path: '$.id', rule: 'id_reused_with_different_data', message: expect.stringContaining('accepted at 2021-03-02T01:02:03.000Z') }],
      },
    ]);
    expect(judged.accepted).toEqual([]);
  });

  it('judges a repeat within the batch against the earlier batch that holds the original, not against its first copy here', () => {
    const original = gdxEvent({ value: 2 }, { id: 'x' });
    const assessment = assessBatch([gdxEvent({ value: 1 }, { id: 'x' }), original], policy);
    const judged = applyPriorAcceptances(assessment, new Map([before('x', contentDigest(original))]));

    expect(judged.verdicts.map((verdict) => (verdict.status === 'rejected' ? verdict.errors[0]?.rule : verdict.status))).toEqual([
      'id_reused_with_different_data',
      'duplicate',
    ]);
  });
});

describe(`${assessBatch.name} with the sender's platform`, () => {
  it("rejects each event of another platform than the sender's at $.data.platform, and judges its neighbours as usual", () => {
    const inherited = Object.create({ data: { platform: 'gdx' } }) as unknown;
    const { verdicts } = assessBatch([gdxEvent(), gdxEvent({ platform: 'tangrat' }), inherited], policy, { platform: 'gdx' });

    expect(verdicts[0]).toMatchObject({ status: 'accepted' });
    expect(verdicts[1]?.status === 'rejected' && verdicts[1].errors[0]).toMatchObject({ path: '$.data.platform', rule: PLATFORM_NOT_OF_KEY_RULE });
    expect(verdicts[2]?.status === 'rejected' && verdicts[2].errors.map(({ rule }) => rule)).not.toContain(PLATFORM_NOT_OF_KEY_RULE);
  });
});
