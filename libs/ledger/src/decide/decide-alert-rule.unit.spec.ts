import type { AlertRuleDefined } from '@govmetrics/contracts';
import { LedgerEventSchema } from '@govmetrics/contracts';
import { AlertBoard } from '../alerts/alert-board';
import type { LedgerEntry } from '../ledger';
import { fy2564 } from '../testing/ledger-fixtures';
import { decideAcknowledgement, decideAlertRule, decideRetirement } from './decide-alert-rule';

const rule = (condition: AlertRuleDefined['condition']): AlertRuleDefined => ({ ruleId: 'a1-score', name: 'A1 below 80', severity: 'warning', condition });
const threshold = (measureId: string) => rule({ kind: 'forecast-threshold', catalogId: 'dga-fy2564', measureId, of: 'score', when: 'below', value: 80 });

describe(decideAlertRule.name, () => {
  it('given a forecast rule on a measure the catalog holds, then one AlertRuleDefined on the rule stream, valid as a ledger event', () => {
    const decision = decideAlertRule(threshold('A2.platforms'), fy2564.catalog);
    expect(decision).toEqual({ ok: true, stream: 'alert-rule:a1-score', event: { type: 'AlertRuleDefined', data: threshold('A2.platforms') } });
    expect(decision.ok && LedgerEventSchema.safeParse(decision.event).success).toBe(true);
  });

  it('given a measure, node or catalog the ledger does not hold, then it is refused naming the field and the rule', () => {
    const refused = decideAlertRule({ ...threshold('A99'), effective: '2021-04-01' }, fy2564.catalog);
    expect(!refused.ok && [refused.error.code, refused.error.message]).toEqual([
      'ALERT_SUBJECT_NOT_IN_CATALOG',
      '$.condition.measureId: rule a1-score watches "A99", which is not a measure of catalog dga-fy2564 as in force on 2021-04-01',
    ]);
    const otherCatalog = decideAlertRule(rule({ kind: 'status-change', catalogId: 'dga-fy2599', nodeId: 'A', to: ['off-track'] }), fy2564.catalog);
    expect(!otherCatalog.ok && otherCatalog.error.message).toBe(
      '$.condition.catalogId: rule a1-score names catalog "dga-fy2599", which the ledger does not hold on today',
    );
    expect(decideAlertRule(threshold('A1'), undefined).ok).toBe(false);
  });

  it('given a threshold on a node that is not a measure (indicator A6 of two measures), then it is refused: a threshold judges measures only', () => {
    const refused = decideAlertRule(threshold('A6'), fy2564.catalog);
    expect(!refused.ok && refused.error.message).toMatch(/^\$\.condition\.measureId: rule a1-score watches "A6", which is not a measure/);
  });

  it("given a single-target indicator's id, then a threshold takes it as the measure and a status change as the indicator", () => {
    expect(decideAlertRule(threshold('A3'), fy2564.catalog).ok).toBe(true);
    expect(decideAlertRule(rule({ kind: 'status-change', catalogId: 'dga-fy2564', nodeId: 'A6', to: ['off-track'] }), fy2564.catalog).ok).toBe(true);
  });

  it('given a deadline rule on something other than a scorecard, then it is refused naming scorecardId', () => {
    const condition = { kind: 'provisional-past-deadline', catalogId: 'dga-fy2564', hours: 72 } as const;
    expect(decideAlertRule(rule({ ...condition, scorecardId: 'B' }), fy2564.catalog).ok).toBe(true);
    const refused = decideAlertRule(rule({ ...condition, scorecardId: 'A3' }), fy2564.catalog);
    expect(!refused.ok && refused.error.message).toMatch(/^\$\.condition\.scorecardId: rule a1-score watches "A3", which is not a scorecard/);
  });

  it('given a platform rule, then no catalog is needed', () => {
    expect(decideAlertRule(rule({ kind: 'platform-silent', platform: 'gdx', hours: 6 }), undefined).ok).toBe(true);
  });
});

describe(decideAcknowledgement.name, () => {
  const fired: LedgerEntry = {
    type: 'AlertFired',
    data: { ruleId: 'r', alertId: 'r#1', at: '2021-03-01T00:00:00Z', summary: 'silent', observed: {} },
    stream: 'alerts:r',
    revision: 0n,
    position: 0n,
    recordedAt: new Date(),
    metadata: { who: 'svc', why: 'rule r', when: '2021-03-01T00:00:00Z', prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
  };

  it('given a firing alert, then an AlertAcknowledged on its rule stream; an unknown one is refused', () => {
    expect(decideAcknowledgement('r#1', AlertBoard.of([fired]))).toEqual({
      ok: true,
      stream: 'alerts:r',
      event: { type: 'AlertAcknowledged', data: { ruleId: 'r', alertId: 'r#1' } },
    });
    const refused = decideAcknowledgement('r#2', AlertBoard.of([fired]));
    expect(!refused.ok && refused.error.message).toBe('no alert "r#2" was ever fired');
  });
});

describe(decideRetirement.name, () => {
  it('retires a rule the ledger defines, from its effective day; an unknown rule is refused', () => {
    const defined: LedgerEntry = {
      type: 'AlertRuleDefined' as const,
      data: rule({ kind: 'platform-silent', platform: 'gdx', hours: 6 }),
      stream: 'alert-rule:a1-score',
      revision: 0n,
      position: 0n,
      recordedAt: new Date(),
      metadata: { who: 'steward', why: 'set', when: '2021-01-01T00:00:00Z', prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
    };
    expect(decideRetirement({ ruleId: 'a1-score', effective: '2021-05-01' }, [defined])).toEqual({
      ok: true,
      stream: 'alert-rule:a1-score',
      event: { type: 'AlertRuleRetired', data: { ruleId: 'a1-score', effective: '2021-05-01' } },
    });
    const refused = decideRetirement({ ruleId: 'nope' }, [defined]);
    expect(!refused.ok && refused.error.code).toBe('ALERT_RULE_UNKNOWN');
  });
});
