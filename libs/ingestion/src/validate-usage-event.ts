import type { Rejection, UsageEvent } from '@govmetrics/contracts';
import { toRejections, UsageEventSchema } from '@govmetrics/contracts';
import { checkAgainstCatalog } from './catalog.rules';
import { checkEventTime } from './event-time.rules';
import type { IntakePolicy } from './intake-policy';
import { scanForPii } from './pii-scan';
import { UnparsableItem } from './unparsable-item';
import { isCleanUsageEvent } from './usage-event.fast-path';

export const INVALID_JSON_RULE = 'invalid_json';

export type Validation = { valid: true; event: UsageEvent } | { valid: false; errors: Rejection[] };

/**
 * The one validator of both intakes (HTTP and usage.raw.v1): the contract, personal data in clear anywhere,
 * then the catalog and event-time rules. Never throws, whatever `item` is. A clean, well-formed event (nearly
 * all of them) skips zod's copy and the generic PII walk; every other item is judged by {@link validateUsageEventThoroughly},
 * so every rejection still comes from zod and `scanForPii`.
 */
export function validateUsageEvent(item: unknown, policy: IntakePolicy): Validation {
  return isCleanUsageEvent(item) ? judgeByPolicy(item, [], policy) : validateUsageEventThoroughly(item, policy);
}

/** The reference validator, without the fast path: zod and the PII walk on every item. */
export function validateUsageEventThoroughly(item: unknown, policy: IntakePolicy): Validation {
  if (item instanceof UnparsableItem) return { valid: false, errors: [{ path: '$', rule: INVALID_JSON_RULE, message: item.reason }] };
  const pii = scanForPii(item);
  const parsed = UsageEventSchema.safeParse(item);
  if (!parsed.success) return { valid: false, errors: [...pii, ...toRejections(parsed.error)] };
  return judgeByPolicy(parsed.data, pii, policy);
}

function judgeByPolicy(event: UsageEvent, pii: Rejection[], policy: IntakePolicy): Validation {
  const errors = [...pii, ...checkAgainstCatalog(event, policy.catalog), ...checkEventTime(event, policy.eventTime, policy.now())];
  return errors.length === 0 ? { valid: true, event } : { valid: false, errors };
}
