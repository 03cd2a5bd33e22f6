import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfigSchema, connectClickHouse } from '@govmetrics/clickhouse';
import type { ForecastsAnswer, KpiAttainment, UsageEvent } from '@govmetrics/contracts';
import {
  ALERT_EVENT_TYPES,
  AlertsAnswerSchema,
  bangkokDay,
  ForecastsAnswerSchema,
  KpiAttainmentSchema,
  LedgerHistoryAnswerSchema,
} from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { Pipeline, requestJson, sendAsPlatforms, TopicWatcher, untilAggregated } from '@govmetrics/devkit';
import { addDays, daysBetween, eachDay } from '@govmetrics/foresight';
import { declarationsFor, declareAsPlatforms } from './completeness-plan';
import { SignedWebhookReceiver } from './signed-webhook-receiver';

const [YEAR_START, YEAR_END] = ['2020-10-01', '2021-09-30'];
/** Every platform sends FY2564 through this day; the alert rules judge as of the newest event (ALERTS_CLOCK=data). */
const THROUGH = '2021-04-07';
/** The day the scoring service scores, and the day whose completeness the deadline rule watches. */
const SCORED = '2021-03-31';
/** A6.literacy's target (civil servants through Digital Literacy training) is raised from 200,000 to 600,000 from this day. */
const EFFECTIVE = '2021-04-01';
const [BEFORE, AFTER] = [200_000, 600_000];
/** Biz Portal (A3's platform) declares its days complete only through the day before SCORED. */
const LATE = 'bizportal';
const SECRET = 'e2e-forecast-webhook-secret-0123456789';
const HOUR_MS = 3_600_000;

type Interval = { low: number; expected: number; high: number };
type Measure = ForecastsAnswer['scorecards'][number]['measures'][number];

/** A6.literacy's actual (TDGA's Digital Literacy trainees, a counter) through each day of FY2564 up to `asOf`, summed from the events. */
function literacyRunning(events: readonly UsageEvent[], asOf: string): number[] {
  const byDay = new Map<string, number>();
  for (const { time, data } of events) {
    if (data.platform !== 'tdga' || data.metric !== 'trainees_completed' || data.dimensions?.track !== 'literacy') continue;
    const day = bangkokDay(Date.parse(time));
    byDay.set(day, (byDay.get(day) ?? 0) + data.value);
  }
  let total = 0;
  return eachDay(YEAR_START, asOf).map((day) => (total += byDay.get(day) ?? 0));
}

/**
 * docs/foresight.md's default (year-to-date) for a counter, in plain arithmetic: the level reached plus the pace so far
 * over the days left, ± 1.645 σ of the daily changes × √(days left), never below the level reached.
 */
function yearToDate(running: readonly number[], asOf: string): Interval & { actual: number } {
  const levels = [0, ...running];
  const days = running.length;
  const actual = levels[days]!;
  const rate = Math.max(0, actual / days);
  const left = daysBetween(asOf, YEAR_END);
  const expected = actual + rate * left;
  const changes = running.map((level, i) => level - levels[i]!);
  const mean = changes.reduce((sum, change) => sum + change, 0) / changes.length;
  const sigma = Math.sqrt(changes.reduce((sum, change) => sum + (change - mean) ** 2, 0) / changes.length);
  const half = 1.645 * sigma * Math.sqrt(left);
  return { actual, low: Math.max(actual, expected - half), expected, high: expected + half };
}

/** The ratio method's score (capped at 100), to the report's two decimals. */
const ratioScore = (actual: number, target: number) => Math.round(Math.min(100, (actual / target) * 100) * 100) / 100;
/** On track when even the low end reaches the target, off track when not even the high end does. */
const statusAgainst = ({ low, high }: Interval, target: number) => (low >= target ? 'on-track' : high < target ? 'off-track' : 'at-risk');

const literacyOf = (answer: ForecastsAnswer): Measure | undefined =>
  answer.scorecards
    .find((card) => card.id === 'A')
    ?.children.find((node) => node.id === 'A6')
    ?.measures.find((measure) => measure.id === 'A6.literacy');

describe('a target revised mid-year moves the forecast, its status and a forecast alert from its effective day only; a late platform trips a deadline', () => {
  const year = generateFy2564().filter((event) => bangkokDay(Date.parse(event.time)) <= THROUGH);
  const newest = year.map((event) => Date.parse(event.time)).reduce((a, b) => Math.max(a, b));
  let pipeline: Pipeline;
  let receiver: SignedWebhookReceiver;
  let attainment: TopicWatcher<KpiAttainment>;
  let clickhouse: ClickHouseClient;
  let inputsOfA: KpiAttainment['snapshot']['aggregates'];
  const forecastsBefore = new Map<string, ForecastsAnswer>();

  const gateway = (path: string, init: Parameters<typeof requestJson>[1]) => requestJson(`${pipeline.gatewayUrl}${path}`, init);
  const forecastAsOf = async (day: string): Promise<ForecastsAnswer> => {
    const { status, body } = await gateway(`/v1/forecasts?catalog=dga-fy2564&as-of=${day}`, { headers: pipeline.roleHeaders('operator') });
    expect({ day, status }).toEqual({ day, status: 200 });
    return ForecastsAnswerSchema.parse(body);
  };
  const defineRule = async (rule: object) =>
    expect(await gateway('/v1/alert-rules', { body: rule, headers: pipeline.roleHeaders('steward') })).toMatchObject({ status: 201 });
  const alerts = async () => AlertsAnswerSchema.parse((await gateway('/v1/alerts', { headers: pipeline.roleHeaders('auditor') })).body);

  beforeAll(async () => {
    receiver = await new SignedWebhookReceiver(SECRET).start();
    pipeline = await Pipeline.start({
      services: ['ingest', 'projector', 'scoring', 'gateway'],
      readyTimeoutMs: 240_000,
      env: {
        SCORING_AS_OF: SCORED,
        // The demo year is years behind the clock: rules judge as of the newest event any platform sent.
        ALERTS_CLOCK: 'data',
        ALERTS_EVALUATE_EVERY_MS: '1000',
        ALERT_WEBHOOKS: JSON.stringify([{ id: 'kpi-office', url: receiver.url, secret: SECRET }]),
        ALERT_WEBHOOK_BACKOFF_MS: '100',
      },
    });
    attainment = await TopicWatcher.start(pipeline.env.KPI_ATTAINMENT_TOPIC!, (value) => KpiAttainmentSchema.parse(value));
    clickhouse = await connectClickHouse(ClickHouseConfigSchema.parse({ ...process.env, CLICKHOUSE_DATABASE: pipeline.env.CLICKHOUSE_DATABASE }));
  }, 300_000);

  afterAll(async () => {
    await clickhouse?.close();
    await attainment?.stop();
    await pipeline?.stop();
    await receiver?.close();
  }, 60_000);

  it('fires the deadline rule to a signed webhook while Biz Portal has not declared the scored day complete', async () => {
    // Given every platform's FY2564 through THROUGH, projected
    await sendAsPlatforms(pipeline, year);
    await untilAggregated(clickhouse, year.length, 240_000);
    // and every platform declares its days complete through SCORED, but Biz Portal only through the day before
    const first = await attainment.until((message) => message.snapshot.scorecardId === 'A', 180_000);
    inputsOfA = first.snapshot.aggregates;
    const dayBefore = addDays(SCORED, -1);
    await declareAsPlatforms(
      pipeline,
      declarationsFor(inputsOfA, (platform) => (platform === LATE ? dayBefore : SCORED)),
    );
    const provisional = await attainment.until(
      ({ snapshot }) =>
        snapshot.scorecardId === 'A' &&
        snapshot.aggregates.every((input) => input.completeThrough === (input.platform === LATE ? dayBefore : [input.toDay, SCORED].sort()[0])),
      180_000,
    );
    expect(provisional.snapshot.provisional).toBe(true);

    // When a steward sets a forecast rule on A6.literacy (its forecast against 200,000 scores 100), then the deadline rule
    await defineRule({
      ruleId: 'literacy-forecast-low',
      name: 'Digital Literacy forecast to score below 50',
      severity: 'warning',
      condition: { kind: 'forecast-threshold', catalogId: 'dga-fy2564', measureId: 'A6.literacy', of: 'score', when: 'below', value: 50 },
      effective: YEAR_START,
      reason: 'A6 must end the year at half its literacy target at least',
    });
    await defineRule({
      ruleId: 'a-provisional-3d',
      name: 'Scorecard A provisional 3 days after its day',
      severity: 'critical',
      condition: { kind: 'provisional-past-deadline', catalogId: 'dga-fy2564', scorecardId: 'A', hours: 72 },
      effective: YEAR_START,
      reason: 'the board reads scorecard A three days after each day',
    });

    // Then the deadline rule fires, signed, judged against the newest event: SCORED ended at Bangkok midnight
    const fired = await receiver.until((each) => each.type === ALERT_EVENT_TYPES.fired && each.data.ruleId === 'a-provisional-3d', 180_000);
    const hoursAfter = (newest - Date.parse(`${addDays(SCORED, 1)}T00:00:00+07:00`)) / HOUR_MS;
    expect(fired.data).toMatchObject({
      alertId: 'a-provisional-3d#1',
      state: 'firing',
      observed: { scorecardId: 'A', asOfDay: SCORED, provisional: true, hoursAfter },
    });
    // and the round that fired it judged the forecast rule too: A6.literacy's forecast against 200,000 is not below 50
    const listed = await alerts();
    expect(listed.alerts).toEqual([fired.data]);
    expect(listed.rules.map((rule) => rule.ruleId).sort()).toEqual(['a-provisional-3d', 'literacy-forecast-low']);
  }, 900_000);

  it("moves the gateway's forecast of A6.literacy for days from the revision's effective day on, and leaves the days before it unchanged", async () => {
    // Given the forecasts of the day before the revision's effective day and of that day, against the target of 200,000
    for (const day of [SCORED, EFFECTIVE]) {
      const answer = await forecastAsOf(day);
      const expected = yearToDate(literacyRunning(year, day), day);
      expect(literacyOf(answer)).toMatchObject({
        actual: expected.actual,
        target: BEFORE,
        status: statusAgainst(expected, BEFORE),
        score: { expected: ratioScore(expected.expected, BEFORE) },
      });
      expect(literacyOf(answer)?.forecast?.expected).toBeCloseTo(expected.expected, 3);
      forecastsBefore.set(day, answer);
    }

    // When a steward raises A6.literacy's target to 600,000 from EFFECTIVE, against the indicator's version read
    const history = LedgerHistoryAnswerSchema.parse((await gateway('/v1/ledger/history?indicator=A6', { headers: pipeline.roleHeaders('auditor') })).body);
    const revision = {
      target: AFTER,
      measure: 'A6.literacy',
      expectedVersion: history.changes.at(-1)!.version,
      effective: EFFECTIVE,
      reason: 'mid-year review: literacy for every civil servant',
    };
    expect(await gateway('/v1/targets/A6/revisions', { body: revision, headers: pipeline.roleHeaders('steward') })).toMatchObject({
      status: 201,
      body: { stream: 'kpi:dga-fy2564:A6', who: 'dev-steward' },
    });

    // Then the forecast as of the day before is exactly what it was
    expect(await forecastAsOf(SCORED)).toEqual(forecastsBefore.get(SCORED));
    // and from the effective day on, A6.literacy is judged against 600,000: the same forecast actual, a lower score, off track
    const after = await forecastAsOf(EFFECTIVE);
    const expected = yearToDate(literacyRunning(year, EFFECTIVE), EFFECTIVE);
    expect(expected.high).toBeLessThan(AFTER);
    expect(literacyOf(after)).toMatchObject({ actual: expected.actual, target: AFTER, status: 'off-track' });
    expect(literacyOf(after)?.forecast).toEqual(literacyOf(forecastsBefore.get(EFFECTIVE)!)?.forecast);
    expect(literacyOf(after)?.score.expected).toBeCloseTo(ratioScore(expected.expected, AFTER), 6);
    expect(after.catalogVersion.digest).not.toBe(forecastsBefore.get(EFFECTIVE)!.catalogVersion.digest);
  }, 600_000);

  it('fires the forecast rule when the revised target takes A6.literacy below 50, and resolves the deadline rule once Biz Portal declares', async () => {
    // Then the forecast rule fires, signed, as of the newest event's day, with A6.literacy's score against 600,000
    const fired = await receiver.until((each) => each.type === ALERT_EVENT_TYPES.fired && each.data.ruleId === 'literacy-forecast-low', 180_000);
    const asOf = bangkokDay(newest);
    const score = ratioScore(yearToDate(literacyRunning(year, asOf), asOf).expected, AFTER);
    expect(score).toBeLessThan(50);
    expect(fired.data).toMatchObject({ alertId: 'literacy-forecast-low#1', state: 'firing', observed: { measureId: 'A6.literacy', of: 'score', asOf } });
    expect(Number(fired.data.observed.expected)).toBeCloseTo(score, 6);
    // and operators read the same alert from the gateway
    expect((await alerts()).alerts).toContainEqual(fired.data);

    // When Biz Portal declares the scored day complete
    await declareAsPlatforms(pipeline, new Map([[LATE, declarationsFor(inputsOfA, () => SCORED).get(LATE) ?? []]]));
    // Then the deadline alert resolves on the webhook
    const resolved = await receiver.until((each) => each.type === ALERT_EVENT_TYPES.resolved && each.data.ruleId === 'a-provisional-3d', 180_000);
    expect(resolved.data).toMatchObject({ alertId: 'a-provisional-3d#1', state: 'resolved', summary: `scorecard A as of ${SCORED} is final` });
  }, 600_000);
});
