import { z } from 'zod';

/** A 64-bit revision, position or Kafka offset: a decimal string, since a JSON number cannot hold every one exactly. */
export const DecimalSchema = z.string().regex(/^\d+$/);

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 digest: 64 lowercase hex digits');

/** Who made a governance change, when, and why: required on every ledger event. */
export const GovernanceContextSchema = z
  .object({
    /** The person (e-mail or staff id) or service account that made the change. */
    who: z.string().min(1, 'who must name a person or service').max(256),
    why: z.string().min(1, 'why must give a reason').max(2000),
    /** Ties the change to a request, ticket or pipeline run. */
    correlationId: z.string().min(1).max(128).optional(),
  })
  .strict();

/** Stored metadata: the context, the time the ledger recorded it, and the event's link in its stream's hash chain. */
export const LedgerMetadataSchema = GovernanceContextSchema.extend({
  when: z.iso.datetime({ offset: true }),
  /** Hash of the previous event of the same stream; 64 zeros for a stream's first event. */
  prevHash: Sha256HexSchema,
  /** SHA-256 of the canonical JSON of stream, type, data, this metadata without `hash`, and prevHash. */
  hash: Sha256HexSchema,
}).strict();

export type GovernanceContext = z.infer<typeof GovernanceContextSchema>;
export type LedgerMetadata = z.infer<typeof LedgerMetadataSchema>;
