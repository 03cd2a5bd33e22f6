import type { KafkaMessage } from 'kafkajs';
import { QUARANTINE_LINES_PER_BATCH, quarantinedLines } from './quarantined-lines';

const record = (offset: string, value: string | null): KafkaMessage => ({
  offset,
  key: Buffer.from('gdx:moph'),
  value: value === null ? null : Buffer.from(value),
  timestamp: '0',
  attributes: 0,
  headers: {},
});
const from = { topic: 'usage.events.v1', partition: 2 };
const to = { topic: 'usage.quarantine.v1', consumer: 'projector' };

describe(quarantinedLines.name, () => {
  it('names each quarantined record by where it was, why, and the source, id and platform it claims', () => {
    // Given an event ClickHouse refused and a record that is no event at all
    const event = JSON.stringify({ source: 'urn:gov:gdx', id: 'evt-9', data: { platform: 'gdx', agency: 'moph', value: 1e300 } });
    const culprits = [
      { message: record('41', event), reason: 'refused_by_clickhouse', detail: 'd' },
      { message: record('42', 'not an event'), reason: 'undecodable', detail: 'd' },
    ];

    // Then each gets a line of its own, naming only what the event claims to be
    expect(quarantinedLines(culprits, from, to)).toEqual([
      {
        msg: 'record quarantined',
        topic: 'usage.events.v1',
        partition: 2,
        offset: '41',
        reason: 'refused_by_clickhouse',
        quarantineTopic: 'usage.quarantine.v1',
        consumer: 'projector',
        source: 'urn:gov:gdx',
        id: 'evt-9',
        platform: 'gdx',
      },
      {
        msg: 'record quarantined',
        topic: 'usage.events.v1',
        partition: 2,
        offset: '42',
        reason: 'undecodable',
        quarantineTopic: 'usage.quarantine.v1',
        consumer: 'projector',
      },
    ]);
  });

  it(`lists at most ${QUARANTINE_LINES_PER_BATCH} records of a batch, then one line counting the rest`, () => {
    const culprits = Array.from({ length: QUARANTINE_LINES_PER_BATCH + 3 }, (_, n) => ({ message: record(String(n), null), reason: 'r', detail: 'd' }));
    const lines = quarantinedLines(culprits, from, to);
    expect(lines).toHaveLength(QUARANTINE_LINES_PER_BATCH + 1);
    expect(lines.at(-1)).toMatchObject({ msg: 'record quarantined: 3 more of this batch not listed', unlisted: 3 });
  });
});
