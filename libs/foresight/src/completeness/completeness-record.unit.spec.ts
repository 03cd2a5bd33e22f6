import { CompletenessLedger } from './completeness-ledger';
import { foldCompletenessRecord } from './completeness-record';

describe(foldCompletenessRecord.name, () => {
  it('folds a declaration at the record’s broker timestamp', () => {
    const ledger = new CompletenessLedger();
    const value = JSON.stringify({ platform: 'gdx', metric: 'api_calls', day: '2021-01-01' });
    expect(foldCompletenessRecord(ledger, value, Date.parse('2021-01-02T01:00:00Z'))).toEqual({ folded: true, newDay: true });
    expect(ledger.declaredAt({ platform: 'gdx', metric: 'api_calls' }, '2021-01-01')).toBe('2021-01-02T01:00:00.000Z');
  });

  it('refuses a value that is not a declaration with the path and rule it broke, and changes nothing', () => {
    const ledger = new CompletenessLedger();
    const outcome = foldCompletenessRecord(ledger, JSON.stringify({ platform: 'gdx', metric: 'api_calls', day: '2021-02-30' }), 0);
    expect(outcome).toMatchObject({ folded: false, rejections: [{ path: '$.day' }] });
    expect(foldCompletenessRecord(ledger, '{', 0)).toMatchObject({ folded: false, rejections: [{ path: '$', rule: 'invalid_json' }] });
    expect(ledger.entries()).toEqual([]);
  });
});
