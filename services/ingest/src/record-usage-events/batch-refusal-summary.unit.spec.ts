import type { IngestErrorCode } from '@govmetrics/contracts';
import { batchRefusalSummary } from './batch-refusal-summary';

const at = new Date('2026-11-30T05:00:00Z');

describe(batchRefusalSummary.name, () => {
  it.each(['invalid_batch', 'batch_too_large'] as const)('summarises a batch refused whole for %s as no event counted, naming the rule', (code) => {
    expect(batchRefusalSummary('gdx', code, at)).toEqual({
      platform: 'gdx',
      at: '2026-11-30T05:00:00.000Z',
      accepted: 0,
      duplicates: 0,
      rejected: {},
      refusedBatch: code,
    });
  });

  it.each<IngestErrorCode>(['unauthorized', 'rate_limited', 'log_unavailable', 'forbidden', 'request_timeout'])(
    'leaves %s to the metrics: it says nothing of the batch itself',
    (code) => {
      expect(batchRefusalSummary('gdx', code, at)).toBeUndefined();
    },
  );
});
