import type { KpiAttainment } from '@govmetrics/contracts';
import { AttainmentBoard } from './attainment-board';

const snapshot = (scorecardId: string, revision: number, overall: number): KpiAttainment => ({
  ledger: { stream: `scores:dga-fy2564:${scorecardId}`, revision: String(revision), hash: 'a'.repeat(64) },
  recordedAt: '2021-09-30T12:00:00+07:00',
  snapshot: {
    catalogId: 'dga-fy2564',
    scorecardId,
    period: 'fy2564',
    asOf: '2021-09-30T23:59:59+07:00',
    overall,
    scores: [],
    aggregates: [],
    offsets: [],
  },
});

describe(AttainmentBoard.name, () => {
  it('holds the newest revision of each scorecard stream, in stream order', () => {
    const board = new AttainmentBoard();
    expect(board.accept(snapshot('B', 0, 98.75))).toBe(true);
    expect(board.accept(snapshot('A', 0, 82))).toBe(true);
    expect(board.accept(snapshot('A', 1, 92))).toBe(true);
    expect(board.current().map((entry) => [entry.snapshot.scorecardId, entry.snapshot.overall])).toEqual([
      ['A', 92],
      ['B', 98.75],
    ]);
  });

  it('ignores a redelivered snapshot and one older than the revision it holds', () => {
    const board = new AttainmentBoard();
    board.accept(snapshot('A', 5, 92));
    expect(board.accept(snapshot('A', 5, 92))).toBe(false);
    expect(board.accept(snapshot('A', 4, 82))).toBe(false);
    expect(board.current().map((entry) => entry.snapshot.overall)).toEqual([92]);
  });

  it('compares revisions as 64-bit integers, not as strings', () => {
    const board = new AttainmentBoard();
    board.accept(snapshot('A', 9, 82));
    expect(board.accept(snapshot('A', 10, 92))).toBe(true);
    expect(board.current()[0]?.ledger.revision).toBe('10');
  });
});
