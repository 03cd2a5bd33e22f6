import { ReplayLog } from './replay-log';
import { StreamEventIds } from './stream-event-ids';

describe(ReplayLog.name, () => {
  it('gives every item after a sequence it still holds, and undefined once an item after it was dropped', () => {
    // Given a log of capacity 3 that started after sequence 10
    const log = new ReplayLog<string>(3, 10);
    for (const sequence of [11, 12, 13]) log.append(sequence, `e${sequence}`);
    // Then a client at 10 or later gets what it missed
    expect(log.after(10)).toEqual(['e11', 'e12', 'e13']);
    expect(log.after(12)).toEqual(['e13']);
    expect(log.after(13)).toEqual([]);
    // And one from before the log started gets nothing but the fact that it cannot resume
    expect(log.after(9)).toBeUndefined();
    // When a fourth item pushes the first out
    log.append(14, 'e14');
    expect(log.after(10)).toBeUndefined();
    expect(log.after(11)).toEqual(['e12', 'e13', 'e14']);
  });
});

describe(StreamEventIds.name, () => {
  it('reads back only ids this process gave', () => {
    const ids = new StreamEventIds('cafe');
    const first = ids.next();
    expect(ids.idOf(first)).toBe('cafe-1');
    expect(ids.sequenceOf('cafe-1')).toBe(1);
    expect(ids.sequenceOf('cafe-2')).toBeUndefined();
    expect(ids.sequenceOf('beef-1')).toBeUndefined();
    expect(ids.sequenceOf('7')).toBeUndefined();
    expect(ids.sequenceOf(undefined)).toBeUndefined();
  });
});
