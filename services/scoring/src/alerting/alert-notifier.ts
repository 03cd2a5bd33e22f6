import type { AlertNotification } from '@govmetrics/contracts';
import { ALERT_EVENT_TYPES } from '@govmetrics/contracts';
import type { Subscription } from '@govmetrics/event-store';
import type { AlertChange, Ledger, LedgerEntry } from '@govmetrics/ledger';
import { AlertBoard, ledgerStreams } from '@govmetrics/ledger';
import type { WebhookSubscription } from './alerting.config';
import type { WebhookSender } from './webhook-sender';

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

/**
 * Follows the ledger from its end and sends every alert change (fired, resolved, acknowledged) to every subscription,
 * in ledger order per subscription; a notification every retry failed is recorded as `NotificationDeadLettered` with
 * the last reason. Changes recorded while no notifier ran are not sent (GET /v1/alerts shows them).
 */
export class AlertNotifier {
  private readonly queues = new Map<string, Promise<void>>();
  private subscription: Subscription | undefined;

  private constructor(
    private readonly ledger: Ledger,
    private readonly subscriptions: readonly WebhookSubscription[],
    private readonly sender: WebhookSender,
    private readonly actor: string,
    private readonly log: (line: string) => void,
  ) {}

  static async start(
    ledger: Ledger,
    subscriptions: readonly WebhookSubscription[],
    sender: WebhookSender,
    options: { actor: string; log: (line: string) => void },
  ): Promise<AlertNotifier> {
    const notifier = new AlertNotifier(ledger, subscriptions, sender, options.actor, options.log);
    const entries = await ledger.readAll();
    const board = AlertBoard.of(entries);
    notifier.subscription = await ledger.subscribe((entry) => {
      const change = board.apply(entry);
      if (change) notifier.enqueue(notificationOf(change, entry));
      return Promise.resolve();
    }, entries.at(-1)?.position);
    return notifier;
  }

  /** Stops following, then waits for the notifications in hand (their retries included). */
  async close(): Promise<void> {
    await this.subscription?.close();
    await Promise.all(this.queues.values());
  }

  private enqueue(notification: AlertNotification): void {
    for (const subscription of this.subscriptions) {
      const previous = this.queues.get(subscription.id) ?? Promise.resolve();
      this.queues.set(
        subscription.id,
        previous.then(() => this.deliver(subscription, notification)),
      );
    }
  }

  private async deliver(subscription: WebhookSubscription, notification: AlertNotification): Promise<void> {
    const outcome = await this.sender.send(subscription, notification);
    if (outcome.delivered) return;
    const { attempts } = outcome;
    const reason = outcome.reason.slice(0, 1000);
    const data = { subscriptionId: subscription.id, alertId: notification.subject, eventId: notification.id, eventType: notification.type, attempts, reason };
    this.log(`webhook ${subscription.id}: ${notification.id} dead-lettered after ${attempts} attempts: ${reason}`);
    try {
      const why = `webhook ${subscription.id} did not take ${notification.type} after ${attempts} attempts`;
      await this.ledger.record(ledgerStreams.notifications(subscription.id), { type: 'NotificationDeadLettered', data }, { who: this.actor, why }, 'any');
    } catch (error) {
      // The ledger down as well: the line above is then the only trace, and the operator's log has it.
      this.log(`recording the dead letter of ${notification.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
