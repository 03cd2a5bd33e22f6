import type { z } from 'zod';

/** Why one event was refused: where in the event, and which rule it broke. */
export interface Rejection {
  path: string;
  rule: string;
  message: string;
}

export type EventVerdict =
  | { index: number; id?: string; status: 'accepted' }
  | { index: number; id?: string; status: 'rejected'; errors: Rejection[] };

/** JSONPath-like location of a zod issue, e.g. `$.data.value`. */
export const issuePath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), '$');

export const toRejections = (error: z.ZodError): Rejection[] =>
  error.issues.map((issue) => ({ path: issuePath(issue.path), rule: issue.code, message: issue.message }));
