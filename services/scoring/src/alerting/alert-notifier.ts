import type { AlertNotification, LedgerEvent } from '@govmetrics/contracts';
import { ALERT_EVENT_TYPES } from '@govmetrics/contracts';
import type { ExpectedRevision, Subscription } from '@govmetrics/event-store';
import { WrongExpectedVersionError } from '@govmetrics/event-store';
import type { AlertChange, Ledger, LedgerEntry } from '@govmetrics/ledger';
import { AlertBoard, ledgerStreams } from '@govmetrics/ledger';
import type { AlertingInstruments } from '@govmetrics/metrics';
import type { WebhookSubscription } from './alerting.config';
import { deliveryState, positionOf } from './delivery-state';
import type { DeliveryOutcome, WebhookSender } from './webhook-sender';

/** The CloudEvent for one change of an alert; its id is stable, so a receiver can drop a repeat. */
export const notificationOf = ({ change, alert }: AlertChange, entry: LedgerEntry): AlertNotification => ({
  specversion: '1.0',
  id: `${alert.alertId}/${alert.position}`,
  source: 'urn:govmetrics:alerts',
  type: ALERT_EVENT_TYPES[change],
  subject: alert.alertId,
  time: entry.metadata.when,
  datacontenttype: 'application/json',
  data: alert,
});

export interface NotifierOptions {
  actor: string;
  log: (line: string) => void;
  /** How long a claim keeps other notifiers off a notification: longer than all its attempts and their backoff. */
  leaseMs: number;
  /** How often a notifier waiting on another's claim, or on the ledger, looks again. */
  pollMs?: number;
  instruments?: Pick<AlertingInstruments, 'firing' | 'deliveries' | 'deliverySeconds'>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends every alert change (fired, resolved, acknowledged) the ledger holds to every subscription, in ledger order per
 * subscription, resuming after the last one each subscription's `notifications:` stream records an outcome for: what
 * was recorded while no notifier ran is sent when one starts. Each notification is claimed in that stream against its
 * version first, so of two replicas only one sends it; a claimant that dies leaves a lease that runs out, and the
 * notification is sent again (receivers drop repeats by the CloudEvent id). A notification every retry failed is
 * recorded as `NotificationDeadLettered` with the last reason.
 */
export class AlertNotifier {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pollMs: number;
  private subscription: Subscription | undefined;
  private closed = false;

  private constructor(
    private readonly ledger: Ledger,
    private readonly subscriptions: readonly WebhookSubscription[],
    private readonly sender: WebhookSender,
    private readonly options: NotifierOptions,
  ) {
    this.pollMs = options.pollMs ?? 500;
  }

  static async start(ledger: Ledger, subscriptions: readonly WebhookSubscription[], sender: WebhookSender, options: NotifierOptions): Promise<AlertNotifier> {
    const notifier = new AlertNotifier(ledger, subscriptions, sender, options);
    const streams = await Promise.all(subscriptions.map((each) => ledger.readStream(ledgerStreams.notifications(each.id))));
    const done = new Map(subscriptions.map((each, i) => [each.id, deliveryState(streams[i]!).done]));
    const entries = await ledger.readAll();
    const board = new AlertBoard();
    for (const entry of entries) notifier.follow(board, entry, (each) => entry.position > (done.get(each.id) ?? -1n));
    notifier.subscription = await ledger.subscribe((entry) => {
      notifier.follow(board, entry, () => true);
      return Promise.resolve();
    }, entries.at(-1)?.position);
    return notifier;
  }

  /** Stops following, then waits for the notifications in hand (their retries included); a wait on another's claim ends. */
  async close(): Promise<void> {
    await this.subscription?.close();
    this.closed = true;
    await Promise.all(this.queues.values());
  }

  private follow(board: AlertBoard, entry: LedgerEntry, pending: (subscription: WebhookSubscription) => boolean): void {
    const change = board.apply(entry);
    if (entry.type === 'AlertRuleDefined' || entry.type === 'AlertFired' || entry.type === 'AlertResolved') {
      const { ruleId } = entry.data;
      this.options.instruments?.firing.set({ rule: ruleId }, board.historyOf(ruleId).open === null ? 0 : 1);
    }
    if (change === undefined) return;
    const notification = notificationOf(change, entry);
    for (const subscription of this.subscriptions.filter(pending)) {
      const previous = this.queues.get(subscription.id) ?? Promise.resolve();
      this.queues.set(
        subscription.id,
        previous.then(() => this.deliver(subscription, notification)),
      );
    }
  }

  /** Sends `notification` unless its subscription's stream has an outcome for it; waits while another holds its claim. */
  private async deliver(subscription: WebhookSubscription, notification: AlertNotification): Promise<void> {
    const stream = ledgerStreams.notifications(subscription.id);
    const position = positionOf(notification.id);
    while (!this.closed) {
      try {
        const state = deliveryState(await this.ledger.readStream(stream));
        if (state.done >= position) return;
        const wait = (state.claim?.leaseUntil ?? 0) - Date.now();
        if (wait > 0) await sleep(Math.min(wait, this.pollMs));
        else if (await this.claim(subscription, notification, state.revision)) return await this.send(subscription, notification);
      } catch (error) {
        this.options.log(`webhook ${subscription.id}: ${notification.id} waits for the ledger: ${message(error)}`);
        await sleep(this.pollMs);
      }
    }
  }

  /** Takes the notification on against the stream's version read; false when another notifier moved the stream first. */
  private async claim(subscription: WebhookSubscription, notification: AlertNotification, revision: ExpectedRevision): Promise<boolean> {
    const leaseUntil = new Date(Date.now() + this.options.leaseMs).toISOString();
    const data = { ...reference(subscription, notification), leaseUntil };
    const why = `webhook ${subscription.id} is sent ${notification.type}`;
    try {
      await this.ledger.record(ledgerStreams.notifications(subscription.id), { type: 'NotificationClaimed', data }, { who: this.options.actor, why }, revision);
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
  }

  private async send(subscription: WebhookSubscription, notification: AlertNotification): Promise<void> {
    const outcome = await this.sender.send(subscription, notification);
    this.count(subscription, notification, outcome);
    const data = { ...reference(subscription, notification), attempts: outcome.attempts };
    let event: LedgerEvent = { type: 'NotificationDelivered', data };
    let why = `webhook ${subscription.id} took ${notification.type}`;
    if (!outcome.delivered) {
      event = { type: 'NotificationDeadLettered', data: { ...data, reason: outcome.reason.slice(0, 1000) } };
      why = `webhook ${subscription.id} did not take ${notification.type} after ${outcome.attempts} attempts`;
      this.options.log(`webhook ${subscription.id}: ${notification.id} dead-lettered after ${outcome.attempts} attempts: ${outcome.reason}`);
    }
    try {
      // A fact, whatever happened to the stream meanwhile: appended at any version.
      await this.ledger.record(ledgerStreams.notifications(subscription.id), event, { who: this.options.actor, why }, 'any');
    } catch (error) {
      // The claim's lease then runs out and the notification is sent again: at least once, never lost.
      this.options.log(`recording the outcome of ${notification.id} for ${subscription.id} failed: ${message(error)}`);
    }
  }

  private count(subscription: WebhookSubscription, notification: AlertNotification, outcome: DeliveryOutcome): void {
    const instruments = this.options.instruments;
    if (instruments === undefined) return;
    const labels = { subscription: subscription.id };
    if (outcome.attempts > 1) instruments.deliveries.inc({ ...labels, outcome: 'retried' }, outcome.attempts - 1);
    instruments.deliveries.inc({ ...labels, outcome: outcome.delivered ? 'delivered' : 'dead_lettered' });
    if (outcome.delivered) instruments.deliverySeconds.observe(labels, Math.max(0, (Date.now() - Date.parse(notification.time)) / 1000));
  }
}

const reference = (subscription: WebhookSubscription, notification: AlertNotification) => ({
  subscriptionId: subscription.id,
  alertId: notification.subject,
  eventId: notification.id,
  eventType: notification.type,
});
