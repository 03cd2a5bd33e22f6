import type { Rejection, UsageEvent } from '@govmetrics/contracts';
import { toRejections, UsageEventSchema } from '@govmetrics/contracts';
import { checkAgainstCatalog } from './catalog.rules';
import { checkEventTime } from './event-time.rules';
import type { IntakePolicy } from './intake-policy';
import { scanForPii } from './pii-scan';
import { UnparsableItem } from './unparsable-item';

export const INVALID_JSON_RULE = 'invalid_json';

export type Validation = { valid: true; event: UsageEvent } | { valid: false; errors: Rejection[] };

/**
 * The one validator of both intakes (HTTP and usage.raw.v1): the contract, personal data in clear anywhere,
 * then the catalog and event-time rules. Never throws, whatever `item` is.
 */
export function validateUsageEvent(item: unknown, policy: IntakePolicy): Validation {
  if (item instanceof UnparsableItem) return { valid: false, errors: [{ path: '$', rule: INVALID_JSON_RULE, message: item.reason }] };
  const pii = scanForPii(item);
  const parsed = UsageEventSchema.safeParse(item);
  if (!parsed.success) return { valid: false, errors: [...pii, ...toRejections(parsed.error)] };
  const errors = [...pii, ...checkAgainstCatalog(parsed.data, policy.catalog), ...checkEventTime(parsed.data, policy.eventTime, policy.now())];
  return errors.length === 0 ? { valid: true, event: parsed.data } : { valid: false, errors };
}
