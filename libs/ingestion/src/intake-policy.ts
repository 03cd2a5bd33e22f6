import type { PlatformCatalog } from '@govmetrics/contracts';
import type { EventTimeBounds } from './event-time.rules';

/** Everything the validator judges an event against, besides the contract itself. */
export interface IntakePolicy {
  catalog: PlatformCatalog;
  eventTime: EventTimeBounds;
  now: () => Date;
}
