import type { BatchAssessment } from '@govmetrics/ingestion';
import type { AssessRaw } from './assess-guarded';
import { UNASSESSABLE_RULE } from '@govmetrics/ingestion';
import { assessGuarded } from './assess-guarded';

/** Accepts every value as an event with that text as id, rejects empty values; throws on any value containing `boom`. */
const fragile: AssessRaw = (values) => {
  if (values.some((value) => value?.toString().includes('boom'))) throw new TypeError('boom inside the validator');
  const assessment: BatchAssessment = { verdicts: [], accepted: [], repeats: [] };
  values.forEach((value, index) => {
    if (value === null) return void assessment.verdicts.push({ index, status: 'rejected', errors: [{ path: '$', rule: 'invalid_json', message: 'empty' }] });
    assessment.verdicts.push({ index, id: value.toString(), status: 'accepted' });
    assessment.accepted.push({ index, event: { id: value.toString() } as never, digest: 'd' });
  });
  return assessment;
};
const values = (...texts: (string | null)[]) => texts.map((text) => (text === null ? null : Buffer.from(text)));

describe(assessGuarded.name, () => {
  it('returns the assessment unchanged when judging does not throw', () => {
    const batch = values('a', null, 'b');
    expect(assessGuarded(fragile, batch)).toEqual(fragile(batch));
  });

  it('marks the records whose judging throws unassessable and judges the others as usual', () => {
    const judged = assessGuarded(fragile, values('a', 'boom', null, 'b'));
    expect(judged.verdicts.map((verdict) => [verdict.index, verdict.status, verdict.status === 'rejected' ? verdict.errors[0]?.rule : verdict.id])).toEqual([
      [0, 'accepted', 'a'],
      [1, 'rejected', UNASSESSABLE_RULE],
      [2, 'rejected', 'invalid_json'],
      [3, 'accepted', 'b'],
    ]);
    expect(judged.accepted.map(({ index }) => index)).toEqual([0, 3]);
    expect(judged.verdicts[1]).toEqual(
      expect.objectContaining({ errors: [expect.objectContaining({ path: '$', message: expect.stringContaining('boom inside the validator') })] }),
    );
  });

  it('marks every record unassessable when the batch throws though no record alone does', () => {
    const pairwise: AssessRaw = (batch) => {
      if (batch.length > 1) throw new Error('only in company');
      return fragile(batch);
    };
    const judged = assessGuarded(pairwise, values('a', 'b'));
    expect(judged.accepted).toEqual([]);
    expect(judged.verdicts.map((verdict) => (verdict.status === 'rejected' ? verdict.errors[0]?.rule : verdict.status))).toEqual([
      UNASSESSABLE_RULE,
      UNASSESSABLE_RULE,
    ]);
  });
});
