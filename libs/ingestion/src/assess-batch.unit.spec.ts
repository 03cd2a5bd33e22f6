import { USAGE_EVENT_TYPE } from '@govmetrics/contracts';
import { assessBatch } from './assess-batch';

const usageEvent = (id: string, value: unknown) => ({
  specversion: '1.0',
  id,
  source: 'urn:dga:platform:mailgothai',
  type: USAGE_EVENT_TYPE,
  time: '2021-05-01T09:00:00+07:00',
  data: { platform: 'mailgothai', metric: 'accounts', agency: 'dga', value },
});

describe(assessBatch.name, () => {
  it('given one bad event among good ones, accepts the good ones and names what is wrong with the bad one', () => {
    const { verdicts, accepted } = assessBatch([usageEvent('a', 1), usageEvent('b', 'x'), usageEvent('c', 3)]);

    expect(accepted.map((event) => event.id)).toEqual(['a', 'c']);
    expect(verdicts).toEqual([
      { index: 0, id: 'a', status: 'accepted' },
      { index: 1, id: 'b', status: 'rejected', errors: [expect.objectContaining({ path: '$.data.value', rule: 'invalid_type' })] },
      { index: 2, id: 'c', status: 'accepted' },
    ]);
  });

  it('given something that is not an event at all, rejects it at the root', () => {
    expect(assessBatch([42]).verdicts).toEqual([
      { index: 0, id: undefined, status: 'rejected', errors: [expect.objectContaining({ path: '$', rule: 'invalid_type' })] },
    ]);
  });
});
