import { assessBatch, countVerdicts, dedupKey, markDuplicates } from './assess-batch';
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

  it('given the same (source, id) twice in one batch, accepts the first and answers duplicate for the second', () => {
    const { verdicts, accepted } = assessBatch([gdxEvent({ value: 1 }), gdxEvent({ value: 2 })], policy);
    expect(verdicts.map((verdict) => verdict.status)).toEqual(['accepted', 'duplicate']);
    expect(accepted).toHaveLength(1);
  });

  it('given the same id from two sources, accepts both: identity is (source, id)', () => {
    const other = gdxEvent({}, { source: 'urn:dga:platform:gdx:replica-2' });
    expect(assessBatch([gdxEvent(), other], policy).accepted).toHaveLength(2);
  });
});

describe(markDuplicates.name, () => {
  it('turns events accepted by an earlier batch into duplicates and keeps them off the log', () => {
    const assessment = assessBatch([gdxEvent({}, { id: 'old' }), gdxEvent({}, { id: 'new' })], policy);
    const marked = markDuplicates(assessment, new Set([dedupKey({ source: 'urn:dga:platform:gdx', id: 'old' })]));

    expect(marked.verdicts.map((verdict) => [verdict.id, verdict.status])).toEqual([
      ['old', 'duplicate'],
      ['new', 'accepted'],
    ]);
    expect(marked.accepted.map(({ event }) => event.id)).toEqual(['new']);
    expect(countVerdicts(marked.verdicts)).toEqual({ accepted: 1, duplicate: 1, rejected: 0 });
  });
});
