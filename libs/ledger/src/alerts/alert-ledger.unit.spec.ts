import type { AlertCondition, LedgerEvent } from '@govmetrics/contracts';
import type { LedgerEntry } from '../ledger';
import { AlertBoard } from './alert-board';
import { alertRulesAsOf } from './alert-rules-as-of';

const silent: AlertCondition = { kind: 'platform-silent', platform: 'gdx', hours: 48 };
let position = 0;
const entry = (event: LedgerEvent, when: string, who = 'steward@dga.or.th'): LedgerEntry => ({
  ...event,
  stream: 'alert-rule:x',
  revision: 0n,
  position: BigInt(position++),
  recordedAt: new Date(when),
  metadata: { who, why: 'because', when, prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
});
const defined = (ruleId: string, effective: string, when: string, hours = 48) =>
  entry({ type: 'AlertRuleDefined', data: { ruleId, name: `rule ${ruleId}`, severity: 'critical', condition: { ...silent, hours }, effective } }, when);

describe(alertRulesAsOf.name, () => {
  const ledger = [
    defined('gdx-silent', '2021-01-01', '2021-01-01T01:00:00Z'),
    defined('gdx-silent', '2021-04-01', '2021-02-01T01:00:00Z', 12),
    entry({ type: 'AlertRuleRetired', data: { ruleId: 'gdx-silent', effective: '2021-06-01' } }, '2021-05-01T01:00:00Z'),
  ];

  it('given a rule redefined from a later day, then each day sees the definition effective on it, with who set it and why', () => {
    expect(alertRulesAsOf(ledger, { day: '2020-12-31' })).toEqual([]);
    expect(alertRulesAsOf(ledger, { day: '2021-03-31' }).map((rule) => [rule.condition, rule.effective, rule.who])).toEqual([
      [silent, '2021-01-01', 'steward@dga.or.th'],
    ]);
    expect(alertRulesAsOf(ledger, { day: '2021-04-01' })[0]?.condition).toEqual({ ...silent, hours: 12 });
  });

  it('given a retirement from a day, then the rule is not in force from that day', () => {
    expect(alertRulesAsOf(ledger, { day: '2021-05-31' })).toHaveLength(1);
    expect(alertRulesAsOf(ledger, { day: '2021-06-01' })).toEqual([]);
  });

  it('given a known-at instant, then what was recorded later is not seen', () => {
    expect(alertRulesAsOf(ledger, { day: '2021-04-01', knownAt: new Date('2021-01-15T00:00:00Z') })[0]?.condition).toEqual(silent);
    expect(alertRulesAsOf(ledger, { day: '2021-06-01', knownAt: new Date('2021-04-15T00:00:00Z') })).toHaveLength(1);
  });
});

describe(AlertBoard.name, () => {
  const fired = entry(
    { type: 'AlertFired', data: { ruleId: 'r', alertId: 'r#1', at: '2021-03-01T00:00:00Z', summary: 'silent', observed: { hours: 50 } } },
    '2021-03-01T00:00:01Z',
  );
  const acknowledged = entry({ type: 'AlertAcknowledged', data: { ruleId: 'r', alertId: 'r#1' } }, '2021-03-01T01:00:00Z', 'oncall@dga.or.th');
  const resolved = entry(
    { type: 'AlertResolved', data: { ruleId: 'r', alertId: 'r#1', at: '2021-03-02T00:00:00Z', summary: 'sending again' } },
    '2021-03-02T00:00:01Z',
  );

  it('given a firing, an acknowledgement and a resolution, then the alert carries each with its rule label and who acknowledged', () => {
    const board = AlertBoard.of([defined('r', '2021-01-01', '2021-01-01T00:00:00Z'), fired, acknowledged, resolved]);
    expect(board.list()).toEqual([
      {
        alertId: 'r#1',
        ruleId: 'r',
        ruleName: 'rule r',
        severity: 'critical',
        state: 'resolved',
        summary: 'sending again',
        observed: { hours: 50 },
        firedAt: '2021-03-01T00:00:00Z',
        resolvedAt: '2021-03-02T00:00:00Z',
        acknowledged: { who: 'oncall@dga.or.th', why: 'because', when: '2021-03-01T01:00:00Z' },
        position: String(resolved.position),
      },
    ]);
    expect(board.historyOf('r')).toEqual({ open: null, fired: 1 });
  });

  it('folds one entry at a time, saying what changed, so a live stream and a full read agree', () => {
    const board = new AlertBoard();
    expect(board.apply(fired)?.change).toBe('fired');
    expect(board.historyOf('r')).toEqual({ open: 'r#1', fired: 1 });
    expect(board.apply(acknowledged)?.alert.acknowledged?.who).toBe('oncall@dga.or.th');
    expect(board.apply(resolved)).toMatchObject({ change: 'resolved', alert: { state: 'resolved' } });
  });
});
