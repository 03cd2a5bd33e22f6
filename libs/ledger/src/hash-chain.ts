import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** `prevHash` of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  stream: string;
  type: string;
  data: unknown;
  /** The event's metadata; a `hash` member, if present, is left out of the digest. */
  metadata: Record<string, unknown>;
  prevHash: string;
}

/** SHA-256 (hex) of the canonical JSON of stream, type, data, metadata without `hash`, and prevHash. */
export function chainHash({ stream, type, data, metadata, prevHash }: ChainedContent): string {
  const { hash: _ignored, ...unhashed } = metadata;
  return createHash('sha256')
    .update(canonicalJson({ stream, type, data, metadata: unhashed, prevHash }))
    .digest('hex');
}
