import type { AlertCondition, LedgerEvent } from '@govmetrics/contracts';
import type { AlertRuleInForce, LedgerEntry } from '@govmetrics/ledger';
import { AlertBoard, alertRulesAsOf } from '@govmetrics/ledger';
import fc from 'fast-check';
import type { CatalogForecast, NodeForecast } from '../forecast/forecast-report';
import type { Status } from '../status/status';
import type { AlertInputs, PartitionProgress } from './alert-inputs';
import type { AlertTransition } from './evaluate-alerts';
import { evaluateAlerts, evaluateFromLedger } from './evaluate-alerts';

const HOUR = 3_600_000;
const T0 = Date.parse('2021-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const forecastWith = (status: Status): CatalogForecast => {
  const node: NodeForecast = { kind: 'composite', id: 'A', name: 'Scorecard A', score: { low: 0, expected: 0, high: 0 }, status, children: [], measures: [] };
  return { catalogId: 'dga-fy2564', asOf: '2021-03-01', periodEnd: '2021-09-30', method: 'year-to-date', scorecards: [node], unknown: [] };
};
/** A projector with nothing left to fold on either partition: caught up to the reference. */
const caughtUp: PartitionProgress[] = [
  { partition: 0, lag: 0, newestFolded: null },
  { partition: 1, lag: 0, newestFolded: null },
];
const inputs = (at: number, newest: Record<string, number>, status?: Status, projector: PartitionProgress[] | null = caughtUp): AlertInputs => ({
  reference: iso(at),
  forecasts: new Map(status ? [['dga-fy2564', forecastWith(status)]] : []),
  newestEvents: new Map(Object.entries(newest).map(([platform, ms]) => [platform, iso(ms)])),
  projector,
});
/** Partition 1 still has records to fold, and has folded events up to `folded`. */
const trailing = (folded: number): PartitionProgress[] => [caughtUp[0]!, { partition: 1, lag: 120, newestFolded: iso(folded) }];
const rule = (ruleId: string, condition: AlertCondition): AlertRuleInForce => ({
  ruleId,
  name: ruleId,
  severity: 'warning',
  condition,
  effective: '2021-01-01',
  who: 'steward',
  why: 'why',
  when: iso(T0),
});
const gdxSilent = rule('gdx-silent', { kind: 'platform-silent', platform: 'gdx', hours: 48 });

describe(evaluateAlerts.name, () => {
  it('given a platform silent longer than the rule allows, then the rule fires its first alert with the figures it judged', () => {
    const [fired] = evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - 50 * HOUR }), new Map(), iso(T0));
    expect(fired).toEqual({
      type: 'AlertFired',
      data: {
        ruleId: 'gdx-silent',
        alertId: 'gdx-silent#1',
        at: iso(T0),
        summary:
          "gdx's newest event (2021-02-26T22:00:00.000Z) is 50 h behind 2021-03-01T00:00:00.000Z, " +
          'what the projector has folded up to: silent for more than 48 h',
        observed: { platform: 'gdx', newestEvent: '2021-02-26T22:00:00.000Z', reference: iso(T0), watermark: iso(T0), hoursBehind: 50 },
      },
    });
  });

  it('given an open alert, then it does not fire again while the condition holds, and resolves once it does not', () => {
    const open = new Map([['gdx-silent', { open: 'gdx-silent#1', fired: 1 }]]);
    expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - 60 * HOUR }), open, iso(T0))).toEqual([]);
    expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - HOUR }), open, iso(T0))).toEqual([
      { type: 'AlertResolved', data: { ruleId: 'gdx-silent', alertId: 'gdx-silent#1', at: iso(T0), summary: expect.stringMatching(/: sending again$/) } },
    ]);
  });

  it('given a rule that fired before, then its next firing is the next number', () => {
    const closed = new Map([['gdx-silent', { open: null, fired: 3 }]]);
    expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: 0 }), closed, iso(T0))[0]?.data.alertId).toBe('gdx-silent#4');
  });

  it('given inputs that cannot judge a rule (platform never seen, no forecast), then nothing changes', () => {
    const status = rule('a-status', { kind: 'status-change', catalogId: 'dga-fy2564', nodeId: 'A', to: ['off-track'] });
    const open = new Map([['a-status', { open: 'a-status#1', fired: 1 }]]);
    expect(evaluateAlerts([gdxSilent, status], inputs(T0, {}), open, iso(T0))).toEqual([]);
    expect(evaluateAlerts([status], inputs(T0, {}, 'on-track'), open, iso(T0)).map((t) => t.type)).toEqual(['AlertResolved']);
  });

  it('given a partition the projector trails, then silence is judged up to what it has folded, not the reference', () => {
    // gdx's last event 50 h ago; partition 1 has folded up to 10 h ago: 40 h of silence is all that is known.
    expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - 50 * HOUR }, undefined, trailing(T0 - 10 * HOUR)), new Map(), iso(T0))).toEqual([]);
    // Once it has folded up to 1 h ago, the same 49 h of silence fire, measured against that watermark.
    const [fired] = evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - 50 * HOUR }, undefined, trailing(T0 - HOUR)), new Map(), iso(T0));
    expect(fired?.data).toMatchObject({ alertId: 'gdx-silent#1', observed: { watermark: iso(T0 - HOUR), hoursBehind: 49 } });
  });

  it('given a projector more hours behind than the rule allows, or whose progress is unknown, then the rule is deferred: it neither fires nor resolves', () => {
    const open = new Map([['gdx-silent', { open: 'gdx-silent#1', fired: 1 }]]);
    for (const projector of [trailing(T0 - 49 * HOUR), [{ partition: 0, lag: 3, newestFolded: null }], [], null]) {
      expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - 500 * HOUR }, undefined, projector), new Map(), iso(T0))).toEqual([]);
      expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - 60 * HOUR }, undefined, projector), open, iso(T0))).toEqual([]);
    }
  });

  it('given an open alert and a watermark that moved back (a quiet partition got a record), then it stays open: only new events resolve it', () => {
    const open = new Map([['gdx-silent', { open: 'gdx-silent#1', fired: 1 }]]);
    // 72 h silent to the reference, only 42 h to a watermark 30 h back: its events may be waiting, so nothing changes.
    expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - 72 * HOUR }, undefined, trailing(T0 - 30 * HOUR)), open, iso(T0))).toEqual([]);
    // An event of gdx within 48 h of the reference resolves it, whatever the projector's progress.
    expect(evaluateAlerts([gdxSilent], inputs(T0, { gdx: T0 - HOUR }, undefined, null), open, iso(T0)).map((t) => t.type)).toEqual(['AlertResolved']);
  });

  it('given an open alert whose rule is no longer in force, then it resolves saying so', () => {
    const open = new Map([['gone', { open: 'gone#2', fired: 2 }]]);
    expect(evaluateAlerts([], inputs(T0, {}), open, iso(T0))).toEqual([
      { type: 'AlertResolved', data: { ruleId: 'gone', alertId: 'gone#2', at: iso(T0), summary: 'rule gone is no longer in force' } },
    ]);
  });
});

/** One evaluation round: maybe a steward's change recorded before it, then the figures read at its instant. */
interface Step {
  change: { ruleId: 'r1' | 'r2'; retire: boolean; hours: number; effectiveDaysAgo: number; statusRule: boolean } | null;
  behind: { gdx: number; mail: number };
  /** Hours the projector's trailing partition has folded up to behind the instant; null: its progress unreadable. */
  projectorBehind: number | null;
  status: Status;
}

const step: fc.Arbitrary<Step> = fc.record({
  change: fc.option(
    fc.record({
      ruleId: fc.constantFrom('r1' as const, 'r2' as const),
      retire: fc.boolean(),
      hours: fc.integer({ min: 1, max: 72 }),
      effectiveDaysAgo: fc.integer({ min: -2, max: 3 }),
      statusRule: fc.boolean(),
    }),
  ),
  behind: fc.record({ gdx: fc.integer({ min: 0, max: 100 }), mail: fc.integer({ min: 0, max: 100 }) }),
  projectorBehind: fc.option(fc.integer({ min: 0, max: 80 })),
  status: fc.constantFrom<Status>('on-track', 'at-risk', 'off-track'),
});

function stewardEvent(change: NonNullable<Step['change']>, at: number): LedgerEvent {
  const effective = iso(at + 7 * HOUR - change.effectiveDaysAgo * 24 * HOUR).slice(0, 10);
  if (change.retire) return { type: 'AlertRuleRetired', data: { ruleId: change.ruleId, effective } };
  const condition: AlertCondition = change.statusRule
    ? { kind: 'status-change', catalogId: 'dga-fy2564', nodeId: 'A', to: ['at-risk', 'off-track'] }
    : { kind: 'platform-silent', platform: change.ruleId === 'r1' ? 'gdx' : 'mail', hours: change.hours };
  return { type: 'AlertRuleDefined', data: { ruleId: change.ruleId, name: change.ruleId, severity: 'warning', condition, effective } };
}

describe(evaluateFromLedger.name, () => {
  it('property: every recorded evaluation, replayed from the final ledger with its instant and inputs, gives the same transitions', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const ledger: LedgerEntry[] = [];
        const record = (event: LedgerEvent, when: number) =>
          ledger.push({
            ...event,
            stream: 's',
            revision: 0n,
            position: BigInt(ledger.length),
            recordedAt: new Date(when),
            metadata: { who: 'w', why: 'y', when: iso(when), prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
          });
        // Live: an incremental board and the rules recorded so far, as a running evaluator holds them.
        const board = new AlertBoard();
        const live: { at: number; read: AlertInputs; transitions: AlertTransition[] }[] = [];
        steps.forEach((each, i) => {
          const at = T0 + i * 12 * HOUR;
          if (each.change) board.apply(ledger[record(stewardEvent(each.change, at), at - HOUR) - 1]!);
          const projector = each.projectorBehind === null ? null : trailing(at - each.projectorBehind * HOUR);
          const read = inputs(at, { gdx: at - each.behind.gdx * HOUR, mail: at - each.behind.mail * HOUR }, each.status, projector);
          const rules = alertRulesAsOf(ledger, { day: iso(at + 7 * HOUR).slice(0, 10) });
          const histories = new Map(['r1', 'r2'].map((id) => [id, board.historyOf(id)]));
          const transitions = evaluateAlerts(rules, read, histories, iso(at));
          transitions.forEach((transition) => board.apply(ledger[record(transition, at + 1000) - 1]!));
          live.push({ at, read, transitions });
        });
        for (const { at, read, transitions } of live) expect(evaluateFromLedger(ledger, read, iso(at))).toEqual(transitions);
      }),
      { numRuns: 200 },
    );
  });
});

describe('provisional-past-deadline', () => {
  const rule = (hours: number): AlertRuleInForce => ({
    ruleId: 'a-provisional',
    name: 'A still provisional',
    severity: 'warning',
    condition: { kind: 'provisional-past-deadline', catalogId: 'dga-fy2564', scorecardId: 'A', hours },
    effective: '2021-01-01',
    who: 'steward',
    why: 'why',
    when: iso(T0),
  });
  const snapshot = (provisional: boolean, entryWhen: string, position: number): LedgerEntry => ({
    type: 'ScoreSnapshotRecorded',
    data: {
      catalogId: 'dga-fy2564',
      scorecardId: 'A',
      period: 'FY2564',
      asOf: '2021-02-28T16:59:59Z',
      overall: 90,
      scores: [],
      aggregates: [],
      offsets: [],
      provisional,
    },
    stream: 'scores:dga-fy2564:A',
    revision: BigInt(position),
    position: BigInt(position),
    recordedAt: new Date(entryWhen),
    metadata: { who: 'scoring', why: 'scored', when: entryWhen, prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
  });
  const ruleEntry = (hours: number): LedgerEntry => ({
    type: 'AlertRuleDefined',
    data: { ruleId: 'a-provisional', name: 'A still provisional', severity: 'warning', condition: rule(hours).condition, effective: '2021-01-01' },
    stream: 'alert-rule:a-provisional',
    revision: 0n,
    position: 10n,
    recordedAt: new Date(T0),
    metadata: { who: 'steward', why: 'why', when: '2021-01-01T00:00:00Z', prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
  });

  it('fires while the newest snapshot known at the instant is provisional past the deadline, and resolves once a final one is recorded', () => {
    // The as-of day 2021-02-28 (Bangkok) ends at 2021-02-28T17:00Z; T0 is 7 h later.
    const ledger = [ruleEntry(6), snapshot(true, '2021-02-28T20:00:00Z', 11), snapshot(false, '2021-03-01T06:00:00Z', 12)];
    const [fired] = evaluateFromLedger(ledger, inputs(T0, {}), iso(T0));
    expect(fired).toMatchObject({
      type: 'AlertFired',
      data: { alertId: 'a-provisional#1', observed: { asOfDay: '2021-02-28', provisional: true, hoursAfter: 7 } },
    });
    expect(fired?.data.summary).toBe('scorecard A as of 2021-02-28 is still provisional 7 h after that day ended');
    expect(evaluateFromLedger([...ledger.slice(0, 2)], inputs(T0, {}), iso(T0))).toHaveLength(1);
    expect(evaluateFromLedger([ruleEntry(8), ledger[1]!], inputs(T0, {}), iso(T0))).toEqual([]);
  });

  it('is judged only from snapshots recorded by the instant: a final snapshot recorded later does not change the past judgement', () => {
    const ledger = [ruleEntry(6), snapshot(true, '2021-02-28T20:00:00Z', 11), snapshot(false, '2021-03-01T06:00:00Z', 12)];
    expect(evaluateFromLedger(ledger, inputs(T0, {}), iso(T0)).map((t) => t.type)).toEqual(['AlertFired']);
    const later = T0 + 7 * HOUR;
    const withFiring: LedgerEntry[] = [
      ...ledger,
      {
        type: 'AlertFired',
        data: { ruleId: 'a-provisional', alertId: 'a-provisional#1', at: iso(T0), summary: 's', observed: {} },
        stream: 'alerts:a-provisional',
        revision: 0n,
        position: 13n,
        recordedAt: new Date(T0 + 1000),
        metadata: { who: 'scoring', why: 'x', when: iso(T0 + 1000), prevHash: '0'.repeat(64), hash: '0'.repeat(64) },
      },
    ];
    expect(evaluateFromLedger(withFiring, inputs(later, {}), iso(later)).map((t) => t.type)).toEqual(['AlertResolved']);
  });
});
