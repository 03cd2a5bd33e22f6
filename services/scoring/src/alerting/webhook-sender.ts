import type { AlertNotification } from '@govmetrics/contracts';
import { ALERT_SIGNATURE_HEADER } from '@govmetrics/contracts';
import type { WebhookSubscription } from './alerting.config';
import type { BackoffPolicy } from './backoff';
import { backoffDelay } from './backoff';
import { signBody } from './webhook-signature';

export type DeliveryOutcome = { delivered: true; attempts: number } | { delivered: false; attempts: number; reason: string };

export interface SenderOptions extends BackoffPolicy {
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A receiver's refusal that a retry cannot change (a 4xx other than 408 and 429): dead-lettered at once. */
const final = (status: number): boolean => status >= 400 && status < 500 && status !== 408 && status !== 429;

/** One attempt: `undefined` when delivered, else why not and whether retrying can help. */
async function attempt(
  subscription: WebhookSubscription,
  body: string,
  number: number,
  timeoutMs: number,
): Promise<{ reason: string; retry: boolean } | undefined> {
  try {
    const response = await fetch(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        [ALERT_SIGNATURE_HEADER]: signBody(subscription.secret, body),
        'x-govmetrics-delivery-attempt': String(number),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return undefined;
    return { reason: `HTTP ${response.status} ${response.statusText}`.trim(), retry: !final(response.status) };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { reason: `${error instanceof Error ? error.message : String(error)}${cause}`, retry: true };
  }
}

/**
 * Signed webhook delivery: a CloudEvent in structured JSON mode, its body signed with the subscription's secret, tried
 * up to `attempts` times with jittered exponential backoff; the outcome says how many attempts and the last reason.
 */
export class WebhookSender {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SenderOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async send(subscription: WebhookSubscription, notification: AlertNotification): Promise<DeliveryOutcome> {
    const body = JSON.stringify(notification);
    for (let number = 1; ; number++) {
      if (number > 1) await this.sleep(backoffDelay(this.options, number, this.options.random));
      const failure = await attempt(subscription, body, number, this.options.timeoutMs);
      if (failure === undefined) return { delivered: true, attempts: number };
      if (!failure.retry || number >= this.options.attempts) return { delivered: false, attempts: number, reason: failure.reason };
    }
  }
}
