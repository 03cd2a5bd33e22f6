import { isolatePoison } from './poison';

interface Record {
  offset: string;
  value: string;
}

const records = (count: number, poison: readonly number[] = []): Record[] =>
  Array.from({ length: count }, (_, i) => ({ offset: String(100 + i), value: poison.includes(i) ? 'x\ud800' : `e${i}` }));

/** A sink that, like ClickHouse, refuses a whole write when any record in it is bad, without saying which. */
function fakeSink(named = false) {
  const written: string[] = [];
  let calls = 0;
  const handle = (batch: readonly Record[]): Promise<void> => {
    calls += 1;
    const bad = batch.filter((record) => record.value.includes('\ud800'));
    if (bad.length > 0) {
      const error = Object.assign(new Error('Code: 25, cannot parse escape sequence'), {
        poison: true as const,
        reason: 'clickhouse_cannot_parse_escape_sequence',
      });
      return Promise.reject(named ? Object.assign(error, { offsets: bad.map((record) => record.offset) }) : error);
    }
    written.push(...batch.map((record) => record.offset));
    return Promise.resolve();
  };
  return { handle, written, calls: () => calls };
}

describe(isolatePoison.name, () => {
  it('hands a clean batch to the handler once and finds no culprit', async () => {
    const sink = fakeSink();

    await expect(isolatePoison(records(10), sink.handle)).resolves.toEqual([]);

    expect(sink.calls()).toBe(1);
    expect(sink.written).toHaveLength(10);
  });

  it('finds an unnamed poison record by bisection, writes every other record in offset order, in O(log n) calls', async () => {
    const sink = fakeSink();

    const culprits = await isolatePoison(records(1000, [617]), sink.handle);

    expect(culprits.map((c) => [c.message.offset, c.reason])).toEqual([['717', 'clickhouse_cannot_parse_escape_sequence']]);
    expect(sink.written).toEqual(
      records(1000)
        .map((r) => r.offset)
        .filter((offset) => offset !== '717'),
    );
    expect(sink.calls()).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1000)) + 1);
  });

  it('isolates several poison records, including the first and the last', async () => {
    const sink = fakeSink();

    const culprits = await isolatePoison(records(37, [0, 5, 6, 36]), sink.handle);

    expect(culprits.map((c) => c.message.offset)).toEqual(['100', '105', '106', '136']);
    expect(new Set(sink.written).size).toBe(33);
  });

  it('sets named culprits aside at once, with the reason each record carries', async () => {
    const sink = fakeSink(true);

    const culprits = await isolatePoison(records(1000, [3, 900]), sink.handle);

    expect(culprits.map((c) => c.message.offset)).toEqual(['103', '1000']);
    expect(sink.calls()).toBe(2);
    expect(sink.written).toHaveLength(998);
  });

  it('keeps the reason the error gives for each record it names', async () => {
    let calls = 0;
    const handle = () => {
      calls += 1;
      const refusal = Object.assign(new Error('1 record cannot be projected'), {
        poison: true,
        records: [{ offset: '101', reason: 'invalid_json', message: 'offset 101 is not JSON' }],
      });
      return calls === 1 ? Promise.reject(refusal) : Promise.resolve();
    };

    await expect(isolatePoison(records(3), handle)).resolves.toEqual([{ message: records(3)[1], reason: 'invalid_json', detail: 'offset 101 is not JSON' }]);
  });

  it('quarantines a record that alone is poison, even when the handler names no offset: it never loops', async () => {
    const always = () => Promise.reject(Object.assign(new Error('refused'), { poison: true }));

    await expect(isolatePoison(records(1), always)).resolves.toEqual([{ message: records(1)[0], reason: 'poison', detail: 'refused' }]);
  });

  it('rethrows an error that is not poison, untouched, without bisecting', async () => {
    const down = new Error('connect ECONNREFUSED');
    let calls = 0;
    const handle = () => {
      calls += 1;
      return Promise.reject(down);
    };

    await expect(isolatePoison(records(64), handle)).rejects.toBe(down);
    expect(calls).toBe(1);
  });

  it('rethrows a transient failure met while bisecting, so the whole batch is retried', async () => {
    const down = Object.assign(new Error('Timeout error.'), { retriable: true });
    let calls = 0;
    const handle = (batch: readonly Record[]) => {
      calls += 1;
      if (calls === 1) return Promise.reject(Object.assign(new Error('bad'), { poison: true }));
      return batch.length < 8 ? Promise.reject(down) : Promise.resolve();
    };

    await expect(isolatePoison(records(8), handle)).rejects.toBe(down);
  });
});
