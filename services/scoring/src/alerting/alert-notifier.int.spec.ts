import { ALERT_EVENT_TYPES, ALERT_SIGNATURE_HEADER, AlertNotificationSchema } from '@govmetrics/contracts';
import { SqliteEventStore } from '@govmetrics/event-store-adapters';
import { Ledger, ledgerStreams } from '@govmetrics/ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertNotifier } from './alert-notifier';
import { verifySignature } from './webhook-signature';
import { WebhookReceiver } from './webhook-receiver.testing';
import { WebhookSender } from './webhook-sender';

const secret = 'spec-secret-0123456789';
const fired = { ruleId: 'gdx-silent', alertId: 'gdx-silent#1', at: '2021-04-02T00:00:00.000Z', summary: 'gdx is silent', observed: { hoursBehind: 50 } };

const options = { actor: 'spec', log: () => undefined, leaseMs: 30_000, pollMs: 50 };

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhook notifications of alerts (a real ledger store, receivers started by the test)', () => {
  let folder: string;
  let store: SqliteEventStore;
  let ledger: Ledger;
  const open: { close(): Promise<void> }[] = [];
  const sleeps: number[] = [];
  const sender = new WebhookSender({
    attempts: 4,
    baseMs: 20,
    maxMs: 100,
    timeoutMs: 2_000,
    sleep: (ms) => (sleeps.push(ms), new Promise((resolve) => setTimeout(resolve, ms))),
  });

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'alert-notifier-'));
    store = await SqliteEventStore.open({ filename: join(folder, 'ledger.db'), pollIntervalMs: 50 });
    ledger = new Ledger(store);
    await ledger.record(
      ledgerStreams.alertRule('gdx-silent'),
      {
        type: 'AlertRuleDefined',
        data: { ruleId: 'gdx-silent', name: 'GDX silent', severity: 'critical', condition: { kind: 'platform-silent', platform: 'gdx', hours: 48 } },
      },
      { who: 'steward@dga.or.th', why: 'GDX feeds A1' },
      'no_stream',
    );
    sleeps.length = 0;
  });

  afterEach(async () => {
    for (const each of open.splice(0).reverse()) await each.close();
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends a fired alert as a signed CloudEvent, retrying a receiver that answers 503 twice, with backoff between attempts', async () => {
    const receiver = await WebhookReceiver.start([503, 503, 204]);
    open.push(receiver);
    open.push(await AlertNotifier.start(ledger, [{ id: 'chat', url: receiver.url, secret }], sender, options));
    await ledger.record(ledgerStreams.alerts('gdx-silent'), { type: 'AlertFired', data: fired }, { who: 'scoring', why: 'evaluated' }, 'no_stream');

    await until(() => receiver.received.length === 3);
    const [first, , last] = receiver.received;
    expect(last!.body).toBe(first!.body);
    expect(last!.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(verifySignature(secret, last!.body, last!.headers[ALERT_SIGNATURE_HEADER.toLowerCase()] as string)).toBe(true);
    expect(verifySignature('not-the-secret-0000', last!.body, last!.headers[ALERT_SIGNATURE_HEADER.toLowerCase()] as string)).toBe(false);
    const event = AlertNotificationSchema.parse(JSON.parse(last!.body));
    expect(event).toMatchObject({
      type: ALERT_EVENT_TYPES.fired,
      subject: 'gdx-silent#1',
      data: { ruleName: 'GDX silent', severity: 'critical', state: 'firing' },
    });
    expect(receiver.received.map((each) => each.headers['x-govmetrics-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeLessThan(20);
    expect(sleeps[1]).toBeLessThan(40);
  });

  it('dead-letters in the ledger, with the reason, what a receiver still refuses after the last attempt; at once for a 4xx no retry can change', async () => {
    const failing = await WebhookReceiver.start([500]);
    const refusing = await WebhookReceiver.start([410]);
    open.push(failing, refusing);
    const subscriptions = [
      { id: 'failing', url: failing.url, secret },
      { id: 'refusing', url: refusing.url, secret },
    ];
    open.push(await AlertNotifier.start(ledger, subscriptions, sender, { ...options, actor: 'scoring-spec' }));
    await ledger.record(ledgerStreams.alerts('gdx-silent'), { type: 'AlertFired', data: fired }, { who: 'scoring', why: 'evaluated' }, 'no_stream');

    const deadLetters = async () => (await ledger.readAll()).filter((entry) => entry.type === 'NotificationDeadLettered');
    let letters: Awaited<ReturnType<typeof deadLetters>> = [];
    await until(() => (void deadLetters().then((found) => (letters = found)), letters.length === 2));
    expect(failing.received).toHaveLength(4);
    expect(refusing.received).toHaveLength(1);
    expect(letters.map((entry) => [entry.stream, entry.data, entry.metadata.who])).toEqual(
      expect.arrayContaining([
        [
          'notifications:failing',
          expect.objectContaining({ alertId: 'gdx-silent#1', eventType: ALERT_EVENT_TYPES.fired, attempts: 4, reason: 'HTTP 500 Internal Server Error' }),
          'scoring-spec',
        ],
        ['notifications:refusing', expect.objectContaining({ attempts: 1, reason: 'HTTP 410 Gone' }), 'scoring-spec'],
      ]),
    );
  });

  it('sends a resolution and an acknowledgement as the same alert, in ledger order', async () => {
    const receiver = await WebhookReceiver.start([200]);
    open.push(receiver);
    open.push(await AlertNotifier.start(ledger, [{ id: 'chat', url: receiver.url, secret }], sender, options));
    const stream = ledgerStreams.alerts('gdx-silent');
    await ledger.record(stream, { type: 'AlertFired', data: fired }, { who: 'scoring', why: 'evaluated' }, 'no_stream');
    await ledger.record(
      stream,
      { type: 'AlertAcknowledged', data: { ruleId: 'gdx-silent', alertId: 'gdx-silent#1' } },
      { who: 'oncall', why: 'calling GDX' },
      0n,
    );
    await ledger.record(
      stream,
      { type: 'AlertResolved', data: { ruleId: 'gdx-silent', alertId: 'gdx-silent#1', at: fired.at, summary: 'gdx sends again' } },
      { who: 'scoring', why: 'evaluated' },
      1n,
    );

    await until(() => receiver.received.length === 3);
    const events = receiver.received.map((each) => AlertNotificationSchema.parse(JSON.parse(each.body)));
    expect(events.map((event) => [event.type, event.data.state, event.data.acknowledged?.who ?? null])).toEqual([
      [ALERT_EVENT_TYPES.fired, 'firing', null],
      [ALERT_EVENT_TYPES.acknowledged, 'firing', 'oncall'],
      [ALERT_EVENT_TYPES.resolved, 'resolved', 'oncall'],
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(3);
  });

  describe('resuming from what each subscription was last sent', () => {
    const evaluated = { who: 'scoring', why: 'evaluated' };
    const resolved = { ruleId: 'gdx-silent', alertId: 'gdx-silent#1', at: fired.at, summary: 'gdx sends again' };
    const ids = (receiver: WebhookReceiver) => receiver.received.map((each) => AlertNotificationSchema.parse(JSON.parse(each.body)).id);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

    it('sends a firing recorded while no notifier ran once to each subscription, and a restarted notifier sends it again to neither', async () => {
      const [chat, pager] = [await WebhookReceiver.start([200]), await WebhookReceiver.start([200])];
      open.push(chat, pager);
      const subscriptions = [
        { id: 'chat', url: chat.url, secret },
        { id: 'pager', url: pager.url, secret },
      ];
      await ledger.record(ledgerStreams.alerts('gdx-silent'), { type: 'AlertFired', data: fired }, evaluated, 'no_stream');

      const first = await AlertNotifier.start(ledger, subscriptions, sender, options);
      await until(() => chat.received.length === 1 && pager.received.length === 1);
      await first.close();
      const again = await AlertNotifier.start(ledger, subscriptions, sender, options);
      open.push(again);
      await ledger.record(ledgerStreams.alerts('gdx-silent'), { type: 'AlertResolved', data: resolved }, evaluated, 0n);

      await until(() => chat.received.length === 2 && pager.received.length === 2);
      await settle();
      expect(ids(chat)).toEqual([expect.stringMatching(/^gdx-silent#1\//), expect.stringMatching(/^gdx-silent#1\//)]);
      expect(new Set(ids(chat)).size).toBe(2);
      expect(ids(pager)).toEqual(ids(chat));
      const outcomes = (await ledger.readStream(ledgerStreams.notifications('chat'))).map((entry) => entry.type);
      expect(outcomes).toEqual(['NotificationClaimed', 'NotificationDelivered', 'NotificationClaimed', 'NotificationDelivered']);
    });

    it('of two notifiers on one ledger (two scoring replicas), only one sends each change', async () => {
      const receiver = await WebhookReceiver.start([200]);
      open.push(receiver);
      const subscriptions = [{ id: 'chat', url: receiver.url, secret }];
      open.push(await AlertNotifier.start(ledger, subscriptions, sender, options), await AlertNotifier.start(ledger, subscriptions, sender, options));
      const stream = ledgerStreams.alerts('gdx-silent');
      await ledger.record(stream, { type: 'AlertFired', data: fired }, evaluated, 'no_stream');
      await ledger.record(stream, { type: 'AlertAcknowledged', data: { ruleId: 'gdx-silent', alertId: 'gdx-silent#1' } }, { who: 'oncall', why: 'on it' }, 0n);
      await ledger.record(stream, { type: 'AlertResolved', data: resolved }, evaluated, 1n);

      await until(() => receiver.received.length >= 3);
      await settle();
      expect(receiver.received).toHaveLength(3);
      expect(new Set(ids(receiver)).size).toBe(3);
    });

    it('leaves a notification another notifier holds a live claim on, and sends it once that claim ran out without an outcome', async () => {
      const receiver = await WebhookReceiver.start([200]);
      open.push(receiver);
      const firing = await ledger.record(ledgerStreams.alerts('gdx-silent'), { type: 'AlertFired', data: fired }, evaluated, 'no_stream');
      // A notifier that died after claiming it: its lease runs 1.5 s from now.
      const eventId = `gdx-silent#1/${firing.position}`;
      const leaseUntil = new Date(Date.now() + 1_500).toISOString();
      const claimed = { subscriptionId: 'chat', alertId: 'gdx-silent#1', eventId, eventType: ALERT_EVENT_TYPES.fired, leaseUntil };
      const byDeadReplica = { who: 'replica-1', why: 'claimed' };
      await ledger.record(ledgerStreams.notifications('chat'), { type: 'NotificationClaimed', data: claimed }, byDeadReplica, 'no_stream');

      open.push(await AlertNotifier.start(ledger, [{ id: 'chat', url: receiver.url, secret }], sender, options));
      await settle();
      expect(receiver.received).toHaveLength(0);
      await until(() => receiver.received.length === 1);
      expect(ids(receiver)).toEqual([eventId]);
    });
  });
});
