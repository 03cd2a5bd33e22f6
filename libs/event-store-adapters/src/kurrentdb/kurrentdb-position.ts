import type { Position } from '@kurrent/kurrentdb-client';

const LOW = (1n << 64n) - 1n;

/**
 * KurrentDB orders `$all` by (commit, prepare); events of one append may share a commit position. The port wants
 * one bigint, so both 64-bit halves are packed into one: order-preserving and reversible.
 */
export const packPosition = (position: Position): bigint => (position.commit << 64n) | position.prepare;

export const unpackPosition = (position: bigint): Position => ({ commit: position >> 64n, prepare: position & LOW });
