import { projectorWatermark } from './projector-watermark';

const REFERENCE = '2020-12-31T16:00:00.000Z';

describe(projectorWatermark.name, () => {
  it('given every partition folded to its end, then the projector is caught up to the reference', () => {
    const partitions = [
      { partition: 0, lag: 0, newestFolded: '2020-12-31T16:00:00.000Z' },
      { partition: 1, lag: 0, newestFolded: null },
    ];
    expect(projectorWatermark(partitions, REFERENCE)).toBe(REFERENCE);
  });

  it('given partitions with records waiting, then it is the oldest of what they folded', () => {
    const partitions = [
      { partition: 0, lag: 12, newestFolded: '2020-12-20T00:00:00.000Z' },
      { partition: 1, lag: 0, newestFolded: '2020-12-31T16:00:00.000Z' },
      { partition: 2, lag: 400, newestFolded: '2020-11-28T05:00:00Z' },
    ];
    expect(projectorWatermark(partitions, REFERENCE)).toBe('2020-11-28T05:00:00.000Z');
  });

  it('given a waiting partition that folded newer than the reference (a clock behind a future-dated event), then it is the reference', () => {
    expect(projectorWatermark([{ partition: 0, lag: 1, newestFolded: '2021-01-05T00:00:00.000Z' }], REFERENCE)).toBe(REFERENCE);
  });

  it('given no reading, no partitions, or a waiting partition that folded nothing yet, then it is unknown', () => {
    expect(projectorWatermark(null, REFERENCE)).toBeNull();
    expect(projectorWatermark([], REFERENCE)).toBeNull();
    expect(projectorWatermark([{ partition: 0, lag: 5, newestFolded: null }], REFERENCE)).toBeNull();
  });
});
