import type { RejectedHeads, SignedHeads } from '@govmetrics/contracts';
import { SignedHeadsSchema } from '@govmetrics/contracts';
import { sign, verify } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { StreamHead } from '../verify-ledger';
import type { HeadsSigningKey, HeadsVerifyKeys } from './heads-keys';

/** A heads document that passed its check, with its heads as anchors; or why it was refused. */
export type SignedHeadsVerdict = { ok: true; heads: StreamHead[]; at: string; keyId: string } | { ok: false; reason: RejectedHeads['reason']; message: string };

/** The bytes signed: everything in the document but the signature, as canonical JSON. */
const signedBytes = ({ streams, at, keyId }: Omit<SignedHeads, 'signature'>): Buffer => Buffer.from(canonicalJson({ streams, at, keyId }));

/** Signs every stream's head as of `at` (Ed25519); streams in name order, so equal heads give equal documents. */
export function signHeads(heads: readonly StreamHead[], key: HeadsSigningKey, at: Date): SignedHeads {
  const streams = [...heads]
    .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0))
    .map((head) => ({ stream: head.stream, revision: String(head.revision), hash: head.hash }));
  const unsigned = { streams, at: at.toISOString(), keyId: key.keyId };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key.privateKey).toString('base64') };
}

/** Checks a published heads document (any JSON) against the auditors' public keys; nothing in it is trusted before that. */
export function verifySignedHeads(document: unknown, keys: HeadsVerifyKeys): SignedHeadsVerdict {
  const parsed = SignedHeadsSchema.safeParse(document);
  if (!parsed.success) return { ok: false, reason: 'malformed', message: `not a signed heads document: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const { signature, ...unsigned } = parsed.data;
  const key = keys.get(unsigned.keyId);
  if (key === undefined)
    return {
      ok: false,
      reason: 'unknown-key',
      message: `signed with key "${unsigned.keyId}", which is not among the verify keys (${[...keys.keys()].join(', ')})`,
    };
  if (!verify(null, signedBytes(unsigned), key, Buffer.from(signature, 'base64'))) {
    return {
      ok: false,
      reason: 'bad-signature',
      message: `heads of ${unsigned.at} claim key "${unsigned.keyId}" but its signature does not check: forged or altered`,
    };
  }
  const heads = unsigned.streams.map((head) => ({ stream: head.stream, revision: BigInt(head.revision), hash: head.hash }));
  return { ok: true, heads, at: unsigned.at, keyId: unsigned.keyId };
}
