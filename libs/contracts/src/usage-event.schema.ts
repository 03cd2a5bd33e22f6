import { z } from 'zod';

/** CloudEvents `type` of a usage event, version 1 of the contract. */
export const USAGE_EVENT_TYPE = 'th.go.dga.usage.recorded.v1';

/** Platform ids, metric and dimension names. Exported with the other patterns for the intake's fast path. */
export const SLUG_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
export const AGENCY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** No control characters (U+0000-U+001F, U+007F): they end C strings and PostgreSQL text, and no id or label needs them. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole purpose
export const PRINTABLE_PATTERN = /^[^\u0000-\u001f\u007f]*$/;

const printable = (min: number, max: number) => z.string().min(min).max(max).regex(PRINTABLE_PATTERN, 'must not contain control characters (U+0000-U+001F, U+007F)');

const slug = (what: string) =>
  z.string().regex(SLUG_PATTERN, `${what} must be a lowercase slug: a-z first, then a-z, 0-9, '_', '.', '-' (at most 64)`);

export const PlatformIdSchema = slug('platform id');
export const MetricNameSchema = slug('metric name');
export const AgencyCodeSchema = z
  .string()
  .regex(AGENCY_CODE_PATTERN, 'agency code must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** Format of a pseudonymous entity id: `hmac-v<key version>:<HMAC-SHA256 of the raw id, 64 lowercase hex>`. */
export const ENTITY_ID_PATTERN = /^hmac-v[1-9][0-9]{0,3}:[0-9a-f]{64}$/;

/** A keyed HMAC of what a distinct metric counts once (a user, an account): never the raw identifier (PDPA). */
export const EntityIdSchema = z
  .string()
  .regex(ENTITY_ID_PATTERN, 'entity must be a pseudonym "hmac-v<keyVersion>:<64 lowercase hex>" (HMAC-SHA256 of the raw id), never the raw id');

/** What a platform counted: one observation of one metric for one agency. */
export const UsageDataSchema = z
  .object({
    platform: PlatformIdSchema,
    metric: MetricNameSchema,
    agency: AgencyCodeSchema,
    value: z.number().finite(),
    entity: EntityIdSchema.optional(),
    dimensions: z.record(slug('dimension name'), printable(0, 128)).optional(),
  })
  .strict();

/** A usage event: a CloudEvents 1.0 envelope around {@link UsageDataSchema}. */
export const UsageEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: printable(1, 128),
    source: printable(1, 256),
    type: z.literal(USAGE_EVENT_TYPE),
    time: z.iso.datetime({ offset: true }),
    subject: printable(0, 256).optional(),
    datacontenttype: z.literal('application/json').optional(),
    data: UsageDataSchema,
  })
  .strict();

export type UsageData = z.infer<typeof UsageDataSchema>;
export type UsageEvent = z.infer<typeof UsageEventSchema>;
