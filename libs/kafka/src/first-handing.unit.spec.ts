import type { KafkaMessage } from 'kafkajs';
import { FirstHanding } from './first-handing';

const at = (...offsets: number[]) => offsets.map((offset) => ({ offset: String(offset) }) as KafkaMessage);
const offsetsOf = (messages: readonly KafkaMessage[]) => messages.map((message) => Number(message.offset));

describe('a replay hands each offset of a partition over once', () => {
  it('hands over every record of batches that follow each other', () => {
    const handing = new FirstHanding();
    expect(offsetsOf(handing.unseen(0, at(0, 1, 2)))).toEqual([0, 1, 2]);
    expect(offsetsOf(handing.unseen(0, at(3, 4)))).toEqual([3, 4]);
    expect(handing.handedAgain).toBe(0);
  });

  it('drops and counts the records of a range fetched again, keeping those past it', () => {
    const handing = new FirstHanding();
    handing.unseen(0, at(0, 1, 2, 3));
    expect(offsetsOf(handing.unseen(0, at(2, 3, 4, 5)))).toEqual([4, 5]);
    expect(offsetsOf(handing.unseen(0, at(1, 2)))).toEqual([]);
    expect(handing.handedAgain).toBe(4);
  });

  it('keeps each partition apart and accepts gaps (compacted or transaction-marker offsets)', () => {
    const handing = new FirstHanding();
    handing.unseen(0, at(10, 11));
    expect(offsetsOf(handing.unseen(1, at(0, 1)))).toEqual([0, 1]);
    expect(offsetsOf(handing.unseen(0, at(15, 16)))).toEqual([15, 16]);
    expect(handing.handedAgain).toBe(0);
  });
});
