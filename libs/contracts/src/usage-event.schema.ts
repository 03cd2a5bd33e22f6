import { z } from 'zod';

/** CloudEvents `type` of a usage event, version 1 of the contract. */
export const USAGE_EVENT_TYPE = 'th.go.dga.usage.recorded.v1';

/** Platform ids, metric and dimension names. Exported with the other patterns for the intake's fast path. */
export const SLUG_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/;
export const AGENCY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** No control characters (U+0000-U+001F, U+007F): they end C strings and PostgreSQL text, and no id or label needs them. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's whole purpose
export const PRINTABLE_PATTERN = /^[^\u0000-\u001f\u007f]*$/;

/** Rule of a string holding a lone UTF-16 surrogate: no UTF-8 encodes it, so Kafka, ClickHouse and PostgreSQL would each mangle or refuse it. */
export const MALFORMED_UNICODE_RULE = 'malformed_unicode';

/** At most this many dimensions per event: a catalog declares a handful, and each one costs a ClickHouse key. */
export const MAX_DIMENSIONS = 16;

/** The `too_big` message of an event with more than {@link MAX_DIMENSIONS} dimensions. */
export const tooManyDimensionsMessage = (count: number): string => `at most ${MAX_DIMENSIONS} dimensions; this event has ${count}`;

// In `u` mode a surrogate pair is one code point outside \p{Cs}: only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

/** String.prototype.isWellFormed (ES2024, beyond this project's ES2022 lib). */
export const isWellFormedUnicode = (text: string): boolean => !LONE_SURROGATE.test(text);

/** String.prototype.toWellFormed: each lone surrogate becomes U+FFFD, so the text can be encoded as UTF-8 (an answer, a header). */
export const toWellFormedUnicode = (text: string): string => text.replace(LONE_SURROGATES, '\ufffd');

// A zod `custom` issue whose params name the rule: `toRejections` reports it under that rule.
const wellFormed = <T extends z.ZodString>(schema: T) =>
  schema.refine(isWellFormedUnicode, { message: 'must be well-formed Unicode: it holds a lone UTF-16 surrogate', params: { rule: MALFORMED_UNICODE_RULE } });

const printable = (min: number, max: number) =>
  wellFormed(z.string().min(min).max(max).regex(PRINTABLE_PATTERN, 'must not contain control characters (U+0000-U+001F, U+007F)'));

const slug = (what: string) =>
  wellFormed(z.string().regex(SLUG_PATTERN, `${what} must be a lowercase slug: a-z first, then a-z, 0-9, '_', '.', '-' (at most 64)`));

export const PlatformIdSchema = slug('platform id');
export const MetricNameSchema = slug('metric name');
export const AgencyCodeSchema = wellFormed(
  z.string().regex(AGENCY_CODE_PATTERN, 'agency code must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit'),
);

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
    dimensions: z
      .record(slug('dimension name'), printable(0, 128))
      .superRefine((dimensions, ctx) => {
        const count = Object.keys(dimensions).length;
        if (count > MAX_DIMENSIONS) {
          ctx.addIssue({
            code: 'too_big',
            origin: 'object',
            maximum: MAX_DIMENSIONS,
            inclusive: true,
            input: dimensions,
            message: tooManyDimensionsMessage(count),
          });
        }
      })
      .meta({ maxProperties: MAX_DIMENSIONS })
      .optional(),
  })
  .strict();

/**
 * A usage event: a CloudEvents 1.0 envelope around {@link UsageDataSchema}. Every string is bounded and must be
 * well-formed Unicode (rule `malformed_unicode`, which JSON Schema cannot state).
 */
export const UsageEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: printable(1, 128),
    source: printable(1, 256).describe(
      'urn:dga:platform:<data.platform>, or that followed by "/" and anything (an instance): the intake refuses any other source (rule source_not_of_platform)',
    ),
    type: z.literal(USAGE_EVENT_TYPE),
    time: z.iso.datetime({ offset: true }).max(64),
    subject: printable(0, 256).optional(),
    datacontenttype: z.literal('application/json').optional(),
    data: UsageDataSchema,
  })
  .strict();

export type UsageData = z.infer<typeof UsageDataSchema>;
export type UsageEvent = z.infer<typeof UsageEventSchema>;
