import type { CompletenessDeclaration } from '@govmetrics/contracts';
import { CompletenessLedger } from './completeness-ledger';
import { gdx } from '../testing/foresight-fixtures';

const declared = (day: string, agency?: string): CompletenessDeclaration => ({ ...gdx, day, ...(agency ? { agency } : {}) });

const ledgerOf = (...days: (string | [string, string])[]) => {
  const ledger = new CompletenessLedger();
  days.forEach((day, n) => ledger.record(Array.isArray(day) ? declared(day[0], day[1]) : declared(day), `2021-01-0${n + 1}T00:00:00.000Z`));
  return ledger;
};

describe(CompletenessLedger.name, () => {
  it('is complete through the last day with no gap, whatever order the days were declared in', () => {
    // Given days 1, 2 and 4 declared, the later ones first
    const ledger = ledgerOf('2021-01-04', '2021-01-02', '2021-01-01');
    // Then the run from day 1 stops before the gap on day 3
    expect(ledger.completeThrough(gdx, '2021-01-01', '2021-01-31')).toBe('2021-01-02');
    // When the gap is declared, the run reaches day 4
    ledger.record(declared('2021-01-03'), '2021-01-09T00:00:00.000Z');
    expect(ledger.completeThrough(gdx, '2021-01-01', '2021-01-31')).toBe('2021-01-04');
  });

  it('is complete through nothing (null) when the first day of the range is not declared', () => {
    expect(ledgerOf('2021-01-02').completeThrough(gdx, '2021-01-01', '2021-01-31')).toBeNull();
  });

  it('stops at the day it is asked to reach, however far the declarations go', () => {
    expect(ledgerOf('2021-01-01', '2021-01-02', '2021-01-03').completeThrough(gdx, '2021-01-01', '2021-01-02')).toBe('2021-01-02');
  });

  it('changes nothing on a repeated declaration and keeps the first time the day was declared', () => {
    const ledger = new CompletenessLedger();
    expect(ledger.record(declared('2021-01-01'), '2021-01-02T00:00:00.000Z')).toBe(true);
    expect(ledger.record(declared('2021-01-01'), '2021-01-05T00:00:00.000Z')).toBe(false);
    // A repeat replayed out of order (an earlier timestamp) is still the first declaration.
    expect(ledger.record(declared('2021-01-01'), '2021-01-01T12:00:00.000Z')).toBe(false);
    expect(ledger.declaredAt(gdx, '2021-01-01')).toBe('2021-01-01T12:00:00.000Z');
    expect(ledger.entries()).toHaveLength(1);
  });

  it('counts a declaration for every agency for each agency, but one agency’s declaration only for that agency', () => {
    const ledger = ledgerOf('2021-01-01', ['2021-01-02', 'moph']);
    expect(ledger.isComplete({ ...gdx, agencies: ['moph', 'mof'] }, '2021-01-01')).toBe(true);
    expect(ledger.isComplete({ ...gdx, agencies: ['moph'] }, '2021-01-02')).toBe(true);
    expect(ledger.isComplete({ ...gdx, agencies: ['moph', 'mof'] }, '2021-01-02')).toBe(false);
    // Reading every agency needs a declaration for every agency.
    expect(ledger.isComplete(gdx, '2021-01-02')).toBe(false);
  });

  it('keeps platforms and metrics apart', () => {
    const ledger = ledgerOf('2021-01-01');
    expect(ledger.isComplete({ platform: 'gdx', metric: 'accounts' }, '2021-01-01')).toBe(false);
    expect(ledger.isComplete({ platform: 'gin', metric: 'api_calls' }, '2021-01-01')).toBe(false);
  });
});
