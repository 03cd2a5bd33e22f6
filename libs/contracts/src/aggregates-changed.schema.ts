import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { DecimalSchema } from './ledger/ledger-metadata.schema';
import { AgencyCodeSchema, MetricNameSchema, PlatformIdSchema } from './usage-event.schema';

/**
 * Announced by the projector after a batch is queryable: the (platform, metric, agency, Bangkok day)
 * buckets it changed, late events included, and the log position it reached.
 */
export const AggregatesChangedSchema = z
  .object({
    topic: z.string().min(1),
    partition: z.number().int().nonnegative(),
    /** Last Kafka offset of the batch, as a decimal string (offsets are 64-bit). */
    lastOffset: DecimalSchema,
    touched: z.array(z.object({ platform: PlatformIdSchema, metric: MetricNameSchema, agency: AgencyCodeSchema, day: BangkokDaySchema }).strict()).min(1),
    projectedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type AggregatesChanged = z.infer<typeof AggregatesChangedSchema>;
