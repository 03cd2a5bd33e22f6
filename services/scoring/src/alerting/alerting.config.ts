import { loadConfig, positiveIntField } from '@govmetrics/config';
import { IdSchema, TOPICS } from '@govmetrics/contracts';
import { z } from 'zod';

/** One webhook receiver; its secret signs every body (never recorded in the ledger, which auditors read). */
const WebhookSubscriptionSchema = z
  .object({ id: IdSchema, url: z.url({ protocol: /^https?$/ }), secret: z.string().min(16, 'secret must be at least 16 characters') })
  .strict();

const subscriptionsField = z
  .string()
  .default('[]')
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      context.addIssue({ code: 'custom', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return z.NEVER;
    }
  })
  .pipe(z.array(WebhookSubscriptionSchema));

export const AlertingConfigSchema = z.object({
  /** How often the rules are judged; 0 turns evaluation off (webhooks are still sent for what others record). */
  ALERTS_EVALUATE_EVERY_MS: z.coerce.number().int().min(0).default(60_000),
  /**
   * What silence is measured against: `wall`, the clock (production), or `data`, the newest event time any platform
   * sent (a replayed or backfilled year, where the clock is years ahead of the events).
   */
  ALERTS_CLOCK: z.enum(['wall', 'data']).default('wall'),
  /** The fact stream and the projector's group whose lag bounds what silence can be judged up to (docs/foresight.md). */
  USAGE_EVENTS_TOPIC: z.string().min(1).default(TOPICS.usageEvents),
  PROJECTOR_GROUP_ID: z.string().min(1).default('govmetrics-projector'),
  /** The webhook subscriptions, as JSON: `[{"id":"chat","url":"https://…","secret":"…"}]` (configured by an admin). */
  ALERT_WEBHOOKS: subscriptionsField,
  /** Attempts per notification before it is dead-lettered with the last reason. */
  ALERT_WEBHOOK_ATTEMPTS: positiveIntField(6),
  /** Backoff before retry n: a random wait up to min(max, base × 2^(n-1)) ("full jitter"). */
  ALERT_WEBHOOK_BACKOFF_MS: positiveIntField(500),
  ALERT_WEBHOOK_BACKOFF_MAX_MS: positiveIntField(30_000),
  /** One attempt's deadline. */
  ALERT_WEBHOOK_TIMEOUT_MS: positiveIntField(5_000),
});

export type AlertingConfig = z.infer<typeof AlertingConfigSchema>;
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;

export const loadAlertingConfig = (env: NodeJS.ProcessEnv): AlertingConfig => loadConfig(AlertingConfigSchema, env);
