import { VerdictRates } from './verdict-rates';

const at = (time: string) => Date.parse(`2026-11-30T${time}Z`);

describe(VerdictRates.name, () => {
  it('counts each platform’s verdicts per minute of their time, oldest first, the current minute last', () => {
    // Given a 3-minute window read at 10:02:30
    const rates = new VerdictRates(3);
    const now = at('10:02:30');
    // When gdx has 2 acceptances at 10:00, 1 rejection at 10:01 and 1 acceptance now, and mailgothai 1 rejection now
    rates.count('gdx', 'accepted', at('10:00:05'), now);
    rates.count('gdx', 'accepted', at('10:00:59'), now);
    rates.count('gdx', 'rejected', at('10:01:00'), now);
    rates.count('gdx', 'accepted', at('10:02:10'), now);
    rates.count('mailgothai', 'rejected', at('10:02:29'), now);
    // Then each platform has one count per minute from 10:00
    expect(rates.read(now)).toEqual({
      intervalSeconds: 60,
      from: '2026-11-30T10:00:00.000Z',
      platforms: [
        { platform: 'gdx', accepted: [2, 0, 1], duplicates: [0, 0, 0], rejected: [0, 1, 0], refusedBatches: [0, 0, 0], refusedBatchRules: {} },
        { platform: 'mailgothai', accepted: [0, 0, 0], duplicates: [0, 0, 0], rejected: [0, 0, 1], refusedBatches: [0, 0, 0], refusedBatchRules: {} },
      ],
    });
  });

  it('drops minutes that left the window, and ignores records older than it', () => {
    const rates = new VerdictRates(2);
    rates.count('gdx', 'accepted', at('10:00:10'), at('10:00:20'));
    rates.count('gdx', 'accepted', at('09:58:59'), at('10:00:20'));
    rates.count('gin', 'accepted', at('10:01:10'), at('10:01:20'));
    // When read two minutes later, gdx's 10:00 acceptance has left the window, and with it gdx
    expect(rates.read(at('10:02:00'))).toEqual({
      intervalSeconds: 60,
      from: '2026-11-30T10:01:00.000Z',
      platforms: [{ platform: 'gin', accepted: [1, 0], duplicates: [0, 0], rejected: [0, 0], refusedBatches: [0, 0], refusedBatchRules: {} }],
    });
  });

  it('lists dead letters that name no platform last, under null', () => {
    const rates = new VerdictRates(1);
    const now = at('10:00:30');
    rates.count(null, 'rejected', now, now);
    rates.count('gdx', 'rejected', now, now);
    expect(rates.read(now).platforms.map(({ platform }) => platform)).toEqual(['gdx', null]);
  });

  it('counts a batch summary’s duplicates and rejections in their minute, beside the acceptances counted one by one', () => {
    const rates = new VerdictRates(2);
    const now = at('10:01:30');
    rates.count('gdx', 'accepted', at('10:00:10'), now);
    rates.countMany('gdx', 'duplicate', 3, at('10:00:10'), now);
    rates.countMany('gdx', 'rejected', 2, at('10:01:05'), now);
    rates.countMany('gdx', 'rejected', 0, at('10:01:05'), now);
    expect(rates.read(now).platforms).toEqual([
      { platform: 'gdx', accepted: [1, 0], duplicates: [3, 0], rejected: [0, 2], refusedBatches: [0, 0], refusedBatchRules: {} },
    ]);
  });

  it('counts batches refused whole per minute, and over the window per rule, apart from the events it judged', () => {
    // Given a 2-minute window: gdx had one batch refused as too large at 10:00 and two malformed ones at 10:01
    const rates = new VerdictRates(2);
    const now = at('10:01:30');
    rates.countRefusedBatch('gdx', 'batch_too_large', at('10:00:10'), now);
    rates.countRefusedBatch('gdx', 'invalid_batch', at('10:01:05'), now);
    rates.countRefusedBatch('gdx', 'invalid_batch', at('10:01:20'), now);
    // Then the refused batches show per minute and per rule, and no event is counted rejected for them
    expect(rates.read(now).platforms).toEqual([
      {
        platform: 'gdx',
        accepted: [0, 0],
        duplicates: [0, 0],
        rejected: [0, 0],
        refusedBatches: [1, 2],
        refusedBatchRules: { batch_too_large: 1, invalid_batch: 2 },
      },
    ]);
    // and a minute that left the window takes its rule with it
    expect(rates.read(at('10:02:00')).platforms[0]?.refusedBatchRules).toEqual({ invalid_batch: 2 });
  });
});
