import { z } from 'zod';
import { toWellFormedUnicode } from './usage-event.schema';

/**
 * Rule of an event whose (source, id) was accepted before with other content (an idempotency key reused for other
 * data): rejected at `$.id`, never published. A resend with the same content is a `duplicate` instead.
 */
export const ID_REUSED_WITH_DIFFERENT_DATA_RULE = 'id_reused_with_different_data';

/**
 * What an answer lists at most, so that no event (the issue's 0.9 MB of 100,000 e-mail addresses) makes a megabyte
 * answer or DLQ header: per event 20 rejections then one `too_many_errors` marker counting the rest; per answer 500
 * rejections in full, then each rejected event's first one and a marker; messages and paths cut to these lengths.
 */
export const VERDICT_LIMITS = { rejectionsPerEvent: 20, rejectionsPerAnswer: 500, messageChars: 300, pathChars: 200 } as const;

/** Why one event was refused: where in the event (`$`-rooted path), and which rule it broke (a stable code). */
export const RejectionSchema = z
  .object({
    path: z.string().regex(/^\$/),
    rule: z.string().min(1),
    message: z.string(),
  })
  .strict();

/**
 * The answer for one event of a batch, by its position. `duplicate`: an event with the same (source, id) and the
 * same content was accepted before (earlier in the batch, or in an earlier batch) and is not written again; the
 * same (source, id) with other content is `rejected` with rule `id_reused_with_different_data`.
 */
export const EventVerdictSchema = z.discriminatedUnion('status', [
  z.object({ index: z.number().int().nonnegative(), id: z.string().optional(), status: z.literal('accepted') }).strict(),
  z.object({ index: z.number().int().nonnegative(), id: z.string().optional(), status: z.literal('duplicate') }).strict(),
  z
    .object({
      index: z.number().int().nonnegative(),
      id: z.string().optional(),
      status: z.literal('rejected'),
      errors: z
        .array(RejectionSchema)
        .min(1)
        .max(VERDICT_LIMITS.rejectionsPerEvent + 1)
        .describe(
          `The rules the event broke: zod issue codes for the contract, or the intake's rules ` +
            `(e.g. malformed_unicode, pii_in_clear, undeclared_metric, value_out_of_range, ` +
            `source_not_of_platform, event_time_too_old, ${ID_REUSED_WITH_DIFFERENT_DATA_RULE}, unassessable). ` +
            `At most ${VERDICT_LIMITS.rejectionsPerEvent}, ` +
            `then a too_many_errors marker at $ saying how many more (fewer once the answer has listed ${VERDICT_LIMITS.rejectionsPerAnswer}); ` +
            `messages at most ${VERDICT_LIMITS.messageChars} characters, paths ${VERDICT_LIMITS.pathChars}.`,
        ),
    })
    .strict(),
]);

export type Rejection = z.infer<typeof RejectionSchema>;
export type EventVerdict = z.infer<typeof EventVerdictSchema>;
export type VerdictStatus = EventVerdict['status'];

/** JSONPath-like location of a zod issue, e.g. `$.data.value`; a key's lone surrogates become U+FFFD, so the path encodes as UTF-8. */
export const issuePath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${toWellFormedUnicode(String(key))}`), '$');

/** The rule of a zod issue: its code, or the rule a `custom` issue names in its params (e.g. `malformed_unicode`). */
const ruleOf = (issue: z.core.$ZodIssue): string => {
  const rule: unknown = issue.code === 'custom' ? issue.params?.rule : undefined;
  return typeof rule === 'string' ? rule : issue.code;
};

export const toRejections = (error: z.ZodError): Rejection[] =>
  error.issues.map((issue) => ({ path: issuePath(issue.path), rule: ruleOf(issue), message: issue.message }));
