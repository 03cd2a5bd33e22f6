import type { AlertNotification, CompletenessDeclaration, KpiAttainment, UsageEvent } from '@govmetrics/contracts';
import { ALERT_EVENT_TYPES, AlertNotificationSchema, AlertsAnswerSchema, KpiAttainmentSchema, MAX_DECLARATIONS_PER_REQUEST } from '@govmetrics/contracts';
import { generateFy2564 } from '@govmetrics/demo-data';
import { Pipeline, sendAsPlatforms, TopicWatcher } from '@govmetrics/devkit';
import { eachDay } from '@govmetrics/foresight';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const AS_OF = '2020-12-31';
/** Tang Rat (daily events, read by A1 and A3) stops here; the others send through the as-of day. */
const SILENT = 'tangrat';
const STOPS = '2020-11-30';
const SECRET = 'e2e-webhook-secret-0123456789';
type Input = KpiAttainment['snapshot']['aggregates'][number];

/** A webhook receiver the test owns: keeps each request's headers and exact body, answers 503 to the first to prove the retry. */
class Receiver {
  readonly received: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = this.received.length === 0 ? 503 : 204;
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/alerts`;
    return this;
  }

  /** The notifications taken (answered 2xx) whose signature verifies under the secret, in arrival order. */
  verified(): AlertNotification[] {
    const valid = this.received.filter(
      ({ headers, body, status }) =>
        status === 204 && headers['x-govmetrics-signature'] === `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    );
    const notifications = valid.map(({ body }) => AlertNotificationSchema.parse(JSON.parse(body)));
    return notifications.filter((each, i) => notifications.findIndex((other) => other.id === each.id) === i);
  }

  async until(check: (notifications: AlertNotification[]) => boolean, timeoutMs: number): Promise<AlertNotification[]> {
    for (const deadline = Date.now() + timeoutMs; !check(this.verified()); await new Promise((later) => setTimeout(later, 200)))
      if (Date.now() > deadline) throw new Error(`no such notification within ${timeoutMs} ms; received ${this.received.length}`);
    return this.verified();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const day = (event: UsageEvent) => event.time.slice(0, 10);

/** The declarations that make each platform's inputs complete through `through(platform)`. */
function declarations(inputs: readonly Input[], through: (platform: string) => string): Map<string, CompletenessDeclaration[]> {
  const plan = new Map<string, Map<string, CompletenessDeclaration>>();
  for (const input of inputs) {
    const last = [input.toDay, through(input.platform)].sort()[0]!;
    const declared = plan.get(input.platform) ?? new Map<string, CompletenessDeclaration>();
    for (const each of input.fromDay <= last ? eachDay(input.fromDay, last) : [])
      declared.set(`${input.metric}|${each}`, { platform: input.platform, metric: input.metric, day: each });
    plan.set(input.platform, declared);
  }
  return new Map([...plan].map(([platform, declared]) => [platform, [...declared.values()]]));
}

describe('a platform goes silent mid-year: its KPIs turn provisional, an alert fires to a signed webhook, and resolves when it catches up', () => {
  let pipeline: Pipeline;
  let receiver: Receiver;
  let attainment: TopicWatcher<KpiAttainment>;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    pipeline = await Pipeline.start({
      services: ['ingest', 'projector', 'scoring', 'gateway'],
      readyTimeoutMs: 240_000,
      env: {
        SCORING_AS_OF: AS_OF,
        // The demo year is years behind the clock: silence is measured against the newest event any platform sent.
        ALERTS_CLOCK: 'data',
        ALERTS_EVALUATE_EVERY_MS: '1000',
        ALERT_WEBHOOKS: JSON.stringify([{ id: 'ops-chat', url: receiver.url, secret: SECRET }]),
        ALERT_WEBHOOK_BACKOFF_MS: '100',
      },
    });
    attainment = await TopicWatcher.start(pipeline.env.KPI_ATTAINMENT_TOPIC!, (value) => KpiAttainmentSchema.parse(value));
  }, 300_000);

  afterAll(async () => {
    await attainment?.stop();
    await pipeline?.stop();
    await receiver?.close();
  }, 60_000);

  const declare = async (plan: Map<string, CompletenessDeclaration[]>) => {
    for (const [platform, all] of plan) {
      for (let at = 0; at < all.length; at += MAX_DECLARATIONS_PER_REQUEST) {
        const response = await fetch(`${pipeline.ingestUrl}/v1/completeness`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...pipeline.authHeaders(platform) },
          body: JSON.stringify(all.slice(at, at + MAX_DECLARATIONS_PER_REQUEST)),
        });
        expect({ platform, status: response.status }).toEqual({ platform, status: 200 });
      }
    }
  };

  it('fires once Tang Rat is a week behind the others, then resolves when its events and days arrive', async () => {
    // Given a steward's rule, recorded as the token's subject from the first day of the year
    const rule = {
      ruleId: 'tangrat-silent',
      name: 'Tang Rat silent for a week',
      severity: 'critical',
      condition: { kind: 'platform-silent', platform: SILENT, hours: 7 * 24 },
      effective: '2020-10-01',
      reason: 'Tang Rat feeds A1 and A3; it sends every day',
    };
    const defined = await fetch(`${pipeline.gatewayUrl}/v1/alert-rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...pipeline.roleHeaders('steward') },
      body: JSON.stringify(rule),
    });
    expect({ status: defined.status, body: await defined.json() }).toMatchObject({
      status: 201,
      body: { stream: 'alert-rule:tangrat-silent', who: 'dev-steward' },
    });

    // When every platform sends through the as-of day but Tang Rat, which stops at the end of November
    const year = generateFy2564().filter((event) => day(event) <= AS_OF);
    const [silentLater, sentFirst] = [
      year.filter((event) => event.data.platform === SILENT && day(event) > STOPS),
      // Tang Rat's first: the rule judges as events arrive, and should see it stopped, not half-sent
      [...year.filter((event) => event.data.platform === SILENT && day(event) <= STOPS), ...year.filter((event) => event.data.platform !== SILENT)],
    ];
    expect(silentLater.length).toBeGreaterThan(0);
    await sendAsPlatforms(pipeline, sentFirst);
    // and each platform declares its days complete through the same day (Tang Rat: through the day it stopped)
    const first = await attainment.until(
      (message) => message.snapshot.scorecardId === 'A' && message.snapshot.aggregates.some((input) => input.platform === SILENT),
      180_000,
    );
    await declare(declarations(first.snapshot.aggregates, (platform) => (platform === SILENT ? STOPS : AS_OF)));

    // Then the alert fires to the webhook, signed, after one refused attempt
    const [fired] = await receiver.until((seen) => seen.some((each) => each.type === ALERT_EVENT_TYPES.fired), 180_000);
    expect(fired).toMatchObject({
      subject: 'tangrat-silent#1',
      data: { ruleName: rule.name, severity: 'critical', state: 'firing', observed: { platform: SILENT } },
    });
    // naming Tang Rat's real last event: silence is judged only up to what the projector has folded of every partition
    const lastSent = new Date(Math.max(...sentFirst.filter((event) => event.data.platform === SILENT).map((event) => Date.parse(event.time)))).toISOString();
    expect(lastSent.slice(0, 10)).toBe(STOPS);
    expect(fired!.data.observed).toMatchObject({ newestEvent: lastSent });
    expect(fired!.data.summary).toMatch(new RegExp(`^tangrat's newest event \\(${lastSent}\\) is [\\d,.]+ h behind .*: silent for more than 168 h$`));
    // the refused first attempt carried the same signed body as the retry that was taken
    expect(receiver.received[0]).toMatchObject({ status: 503, body: receiver.received.find((each) => each.status === 204)!.body });
    // and scorecard A is provisional: Tang Rat's inputs are complete only through the day it stopped
    const provisional = await attainment.until(
      (message) =>
        message.snapshot.scorecardId === 'A' &&
        message.snapshot.provisional === true &&
        message.snapshot.aggregates.some((input) => input.platform === SILENT && input.completeThrough === STOPS),
      180_000,
    );
    expect(provisional.snapshot.overall).not.toBeNull();
    // and operators read the same alert from the gateway as the webhook got
    const listed = AlertsAnswerSchema.parse(await (await fetch(`${pipeline.gatewayUrl}/v1/alerts`, { headers: pipeline.roleHeaders('operator') })).json());
    expect(listed.alerts).toEqual([fired!.data]);
    expect(listed.rules).toEqual([
      expect.objectContaining({ ruleId: 'tangrat-silent', set: expect.objectContaining({ who: 'dev-steward', why: rule.reason }) }),
    ]);

    // When Tang Rat catches up: its December, and its days declared
    await sendAsPlatforms(pipeline, silentLater);
    await declare(declarations(first.snapshot.aggregates, () => AS_OF));

    // Then the alert resolves on the webhook, and scorecard A is final
    const seen = await receiver.until((all) => all.some((each) => each.type === ALERT_EVENT_TYPES.resolved), 180_000);
    const resolved = seen.find((each) => each.type === ALERT_EVENT_TYPES.resolved)!;
    expect(resolved).toMatchObject({ subject: 'tangrat-silent#1', data: { state: 'resolved', firedAt: fired!.data.firedAt } });
    expect(resolved.data.summary).toMatch(/: sending again$/);
    const final = await attainment.until((message) => message.snapshot.scorecardId === 'A' && message.snapshot.provisional === false, 180_000);
    expect(
      final.snapshot.aggregates.filter((input) => input.platform === SILENT).every((input) => (input.completeThrough ?? '') >= [input.toDay, AS_OF].sort()[0]!),
    ).toBe(true);
  }, 900_000);
});
