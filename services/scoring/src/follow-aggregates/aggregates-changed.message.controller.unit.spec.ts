import type { AggregatesChanged } from '@govmetrics/contracts';
import type { ConsumedBatch } from '@govmetrics/kafka';
import type { KafkaMessage } from 'kafkajs';
import { AggregatesChangedMessageController } from './aggregates-changed.message.controller';
import type { ContinuousScoring } from './continuous-scoring';
import { MalformedAnnouncementsError } from './malformed-announcement.error';

const change = (lastOffset: number): AggregatesChanged => ({
  topic: 'usage.events.v1',
  partition: 0,
  lastOffset: String(lastOffset),
  touched: [{ platform: 'gdx', metric: 'api_calls', agency: 'moph', day: '2021-03-01' }],
  projectedAt: '2021-03-01T03:00:00.000Z',
});
const record = (offset: number, value: string | null) => ({ offset: String(offset), value: value === null ? null : Buffer.from(value) }) as KafkaMessage;
const batchOf = (...values: (string | null)[]): ConsumedBatch => ({
  topic: 'usage.aggregates.changed.v1',
  partition: 2,
  messages: values.map((value, n) => record(n + 10, value)),
});

describe(AggregatesChangedMessageController.name, () => {
  const given = () => {
    const scored: AggregatesChanged[][] = [];
    const scoring = {
      onAggregatesChanged: (changes: readonly AggregatesChanged[]) => Promise.resolve(void scored.push([...changes])),
    } as unknown as ContinuousScoring;
    return { scored, controller: new AggregatesChangedMessageController(scoring) };
  };

  it('scores the announcements of a batch and throws its non-JSON and off-contract records as one poison error with their offsets', async () => {
    const { scored, controller } = given();
    const batch = batchOf(JSON.stringify(change(0)), 'not json', JSON.stringify({ topic: 'x' }), null, JSON.stringify(change(1)));

    const thrown = await controller.rescore(batch).catch((error: unknown) => error);

    expect(scored).toEqual([[change(0), change(1)]]);
    expect(thrown).toBeInstanceOf(MalformedAnnouncementsError);
    expect(thrown).toEqual(
      expect.objectContaining({ poison: true, offset: '11', offsets: ['11', '12', '13'], topic: 'usage.aggregates.changed.v1', partition: 2 }),
    );
    expect((thrown as Error).message).toMatch(/@11: not JSON/);
  });

  it('throws nothing for a batch of announcements only', async () => {
    const { scored, controller } = given();
    await controller.rescore(batchOf(JSON.stringify(change(0))));
    expect(scored).toEqual([[change(0)]]);
  });
});
