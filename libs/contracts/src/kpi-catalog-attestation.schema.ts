import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { IdSchema } from './id.schema';

/**
 * A value a person vouches for, for an indicator no platform streams (a survey result, a PMQA score,
 * revenue, a report delivered). It counts from `effective` on; a later attestation of the same id revises it.
 */
export const AttestationSchema = z
  .object({
    /** The `attested.id` the catalog's measures refer to. */
    id: IdSchema,
    /** A number, or true/false for a milestone (true = 1, done). */
    value: z.union([z.number().finite(), z.boolean()]),
    /** Bangkok day from which the value holds: as-of scoring before that day does not see it. */
    effective: BangkokDaySchema,
    by: z.string().min(1),
    why: z.string().min(1),
    evidence: z.string().min(1),
  })
  .strict();

export const AttestationsFileSchema = z.object({ version: z.literal(1), attestations: z.array(AttestationSchema) }).strict();

export type Attestation = z.infer<typeof AttestationSchema>;
export type AttestationsFile = z.infer<typeof AttestationsFileSchema>;
