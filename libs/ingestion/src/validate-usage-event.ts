import type { Rejection, UsageEvent } from '@govmetrics/contracts';
import { MAX_DIMENSIONS, tooManyDimensionsMessage, toRejections, UsageEventSchema } from '@govmetrics/contracts';
import { checkAgainstCatalog } from './catalog.rules';
import { checkEventTime } from './event-time.rules';
import type { IntakePolicy } from './intake-policy';
import { ownMember } from './own-member';
import { scanForPii } from './pii-scan';
import { capRejections } from './rejection-caps';
import { checkSource } from './source.rules';
import { UnparsableItem } from './unparsable-item';
import { isCleanUsageEvent } from './usage-event.fast-path';

export const INVALID_JSON_RULE = 'invalid_json';

export type Validation = { valid: true; event: UsageEvent } | { valid: false; errors: Rejection[] };

const capped = (validation: Validation): Validation => (validation.valid ? validation : { valid: false, errors: capRejections(validation.errors) });

/**
 * The one validator of both intakes (HTTP and usage.raw.v1): the contract, personal data in clear anywhere,
 * then the catalog, source and event-time rules. Never throws on what JSON.parse makes (`assessBatch` turns any
 * other throw, e.g. a getter's, into that item's `unassessable`). A clean, well-formed event (nearly
 * all of them) skips zod's copy and the generic PII walk; every other item is judged by {@link validateUsageEventThoroughly},
 * so every rejection still comes from zod and `scanForPii`. At most 20 rejections, then a `too_many_errors` marker.
 */
export const validateUsageEvent = (item: unknown, policy: IntakePolicy): Validation => capped(judgeUsageEvent(item, policy));

/** The reference validator, without the fast path: zod and the PII walk on every item. */
export const validateUsageEventThoroughly = (item: unknown, policy: IntakePolicy): Validation => capped(judgeThoroughly(item, policy));

/** {@link validateUsageEvent} with every rejection, uncapped: for a caller that caps by its own budget. */
export const judgeUsageEvent = (item: unknown, policy: IntakePolicy): Validation =>
  isCleanUsageEvent(item) ? judgeByPolicy(item, [], policy) : judgeThoroughly(item, policy);

function judgeThoroughly(item: unknown, policy: IntakePolicy): Validation {
  if (item instanceof UnparsableItem) return { valid: false, errors: [{ path: '$', rule: INVALID_JSON_RULE, message: item.reason }] };
  const pii = scanForPii(item);
  const crowded = tooManyDimensions(item);
  if (crowded) return { valid: false, errors: [crowded, ...pii] };
  const parsed = UsageEventSchema.safeParse(item);
  if (!parsed.success) return { valid: false, errors: [...pii, ...toRejections(parsed.error)] };
  return judgeByPolicy(parsed.data, pii, policy);
}

/**
 * The contract's own dimension limit, checked before zod: zod would first judge every one of 100,000 dimensions
 * (half a second), and the event is refused whatever they hold.
 */
function tooManyDimensions(item: unknown): Rejection | undefined {
  const dimensions = ownMember(ownMember(item, 'data'), 'dimensions');
  if (typeof dimensions !== 'object' || dimensions === null) return undefined;
  const count = Object.keys(dimensions).length;
  return count > MAX_DIMENSIONS ? { path: '$.data.dimensions', rule: 'too_big', message: tooManyDimensionsMessage(count) } : undefined;
}

function judgeByPolicy(event: UsageEvent, pii: Rejection[], policy: IntakePolicy): Validation {
  const errors = [...pii, ...checkSource(event), ...checkAgainstCatalog(event, policy.catalog), ...checkEventTime(event, policy.eventTime, policy.now())];
  return errors.length === 0 ? { valid: true, event } : { valid: false, errors };
}
