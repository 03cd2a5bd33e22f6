import { z } from 'zod';
import { DecimalSchema, Sha256HexSchema } from './ledger-metadata.schema';

/** Where the scoring service publishes signed ledger heads: kept forever, never compacted, so auditors keep every one. */
export const LEDGER_HEADS_TOPIC = 'ledger.heads.v1';

/** One stream's last event as the publisher verified it. */
export const SignedStreamHeadSchema = z.object({ stream: z.string().min(1), revision: DecimalSchema, hash: Sha256HexSchema }).strict();

/**
 * Every ledger stream's head at an instant, signed with Ed25519 by a key held outside the database. `signature` (base64)
 * covers the canonical JSON of `{streams, at, keyId}`; `keyId` names the public key that checks it, so keys can rotate.
 */
export const SignedHeadsSchema = z
  .object({
    streams: z.array(SignedStreamHeadSchema),
    at: z.iso.datetime({ offset: true }),
    keyId: z.string().min(1).max(128),
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
  })
  .strict();

/** A heads document that failed its check, so was not trusted: why, and where it was read. */
export const RejectedHeadsSchema = z
  .object({ reason: z.enum(['malformed', 'unknown-key', 'bad-signature']), source: z.string(), message: z.string() })
  .strict();

/**
 * What a verification was checked against (`ledger verify --heads`, `GET /v1/ledger/verify`): how many published heads
 * documents passed their signature check, the newest of them, how many stream heads they anchor, and the ones refused.
 */
export const SignedHeadsCheckSchema = z
  .object({
    trusted: z.number().int().nonnegative(),
    newest: z
      .object({ at: z.iso.datetime({ offset: true }), keyId: z.string() })
      .strict()
      .nullable(),
    anchors: z.number().int().nonnegative(),
    /** Refused documents, the latest 20; `rejectedCount` counts them all. */
    rejected: z.array(RejectedHeadsSchema),
    rejectedCount: z.number().int().nonnegative(),
  })
  .strict();

export type SignedStreamHead = z.infer<typeof SignedStreamHeadSchema>;
export type SignedHeads = z.infer<typeof SignedHeadsSchema>;
export type RejectedHeads = z.infer<typeof RejectedHeadsSchema>;
export type SignedHeadsCheck = z.infer<typeof SignedHeadsCheckSchema>;
