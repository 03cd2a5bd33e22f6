import { CompletenessLedger } from './completeness-ledger';
import { completenessBoard, declaredCompleteness, MAX_LISTED_MISSING_DAYS } from './completeness-status';
import { gdx } from '../testing/foresight-fixtures';

describe(declaredCompleteness.name, () => {
  it('lists the days after the unbroken run up to yesterday that are not declared: gaps and the days it is behind', () => {
    const ledger = new CompletenessLedger();
    for (const day of ['2021-01-01', '2021-01-02', '2021-01-04']) ledger.record({ ...gdx, day }, `${day}T20:00:00.000Z`);
    expect(declaredCompleteness(ledger, gdx, '2021-01-06')).toEqual({
      firstDeclaredDay: '2021-01-01',
      completeThrough: '2021-01-02',
      missingDays: ['2021-01-03', '2021-01-05', '2021-01-06'],
      missingDayCount: 3,
      lastDeclaredAt: '2021-01-04T20:00:00.000Z',
    });
  });

  it('says a scope that never declared is complete through nothing, and does not invent missing days', () => {
    expect(declaredCompleteness(new CompletenessLedger(), gdx, '2021-01-06')).toEqual({
      firstDeclaredDay: null,
      completeThrough: null,
      missingDays: [],
      missingDayCount: 0,
      lastDeclaredAt: null,
    });
  });

  it('counts every missing day but lists at most the first hundred', () => {
    const ledger = new CompletenessLedger();
    ledger.record({ ...gdx, day: '2020-01-01' }, '2020-01-02T00:00:00.000Z');
    const status = declaredCompleteness(ledger, gdx, '2020-12-31');
    expect(status.missingDayCount).toBe(365);
    expect(status.missingDays).toHaveLength(MAX_LISTED_MISSING_DAYS);
    expect(status.missingDays[0]).toBe('2020-01-02');
  });

  it('counts the days declared for every agency in one agency’s run', () => {
    const ledger = new CompletenessLedger();
    ledger.record({ ...gdx, day: '2021-01-01' }, '2021-01-02T00:00:00.000Z');
    ledger.record({ ...gdx, day: '2021-01-02', agency: 'moph' }, '2021-01-03T00:00:00.000Z');
    expect(declaredCompleteness(ledger, { ...gdx, agency: 'moph' }, '2021-01-02')).toMatchObject({ completeThrough: '2021-01-02', missingDayCount: 0 });
  });
});

describe(completenessBoard.name, () => {
  it('lists every metric that declared or sent anything, and each agency that declared on its own, with its events summed', () => {
    const ledger = new CompletenessLedger();
    ledger.record({ ...gdx, day: '2021-01-01' }, '2021-01-02T00:00:00.000Z');
    ledger.record({ ...gdx, day: '2021-01-02', agency: 'moph' }, '2021-01-03T00:00:00.000Z');
    const observed = [
      { ...gdx, agency: 'moph', lastEventTime: '2021-01-02T10:00:00.000Z', lateEvents: 2 },
      { ...gdx, agency: 'mof', lastEventTime: '2021-01-02T11:00:00.000Z', lateEvents: 1 },
      { platform: 'gin', metric: 'sites', agency: 'mof', lastEventTime: '2021-01-01T00:00:00.000Z', lateEvents: 0 },
    ];
    const board = completenessBoard(ledger, observed, '2021-01-02');
    expect(board.map((status) => [status.platform, status.metric, status.agency, status.completeThrough, status.lastEventTime, status.lateEvents])).toEqual([
      ['gdx', 'api_calls', null, '2021-01-01', '2021-01-02T11:00:00.000Z', 3],
      ['gdx', 'api_calls', 'moph', '2021-01-02', '2021-01-02T10:00:00.000Z', 2],
      ['gin', 'sites', null, null, '2021-01-01T00:00:00.000Z', 0],
    ]);
  });
});
