import type { Rejection } from '@govmetrics/contracts';
import { hash } from 'node:crypto';
import { PII_RULE, scanForPii } from './pii-scan';

/** Deeper than the PII walk screens: such a subtree cannot be shown to be clean, so it is not copied. */
const MAX_DEPTH = 32;
/** A redacted copy larger than this (100,000 markers of a 0.9 MB event) is replaced by a digest only. */
export const REDACTED_MAX_CHARS = 1024 * 1024;

/** What may be kept of a refused record: `text` is the original when it carries no PII, else a redacted copy. */
export interface PiiRedaction {
  text: string;
  redacted: boolean;
}

const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** The stand-in for a string carrying personal data: the digest lets its owner recognise it, nobody else read it. */
export const piiMarker = (original: string): string => `[redacted ${PII_RULE} sha256:${sha256(original)}]`;

const TOO_DEEP = `[redacted: nested deeper than ${MAX_DEPTH} levels, not screened]`;

interface Walk {
  /** Paths of values, and of field names, the validator refused for PII (`scanForPii`'s paths): redacted whatever this walk finds. */
  refused: { values: ReadonlySet<string>; names: ReadonlySet<string> };
  redactions: number;
}

function redactString(text: string, path: string, walk: Walk, refused: ReadonlySet<string>): string {
  if (!refused.has(path) && scanForPii(text).length === 0) return text;
  walk.redactions += 1;
  return piiMarker(text);
}

function redactValue(value: unknown, path: string, depth: number, walk: Walk): unknown {
  if (typeof value === 'string') return redactString(value, path, walk, walk.refused.values);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) {
    walk.redactions += 1;
    return TOO_DEEP;
  }
  if (Array.isArray(value)) return value.map((item, index) => redactValue(item, `${path}[${index}]`, depth + 1, walk));
  // fromEntries defines own properties: a `__proto__` field stays a field instead of replacing the copy's prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const itemPath = `${path}.${key}`;
      return [redactString(key, itemPath, walk, walk.refused.names), redactValue(item, itemPath, depth + 1, walk)];
    }),
  );
}

/**
 * A copy of a refused record that is safe to keep forever: each string (value or field name) that carries personal
 * data, or sits at a path refused as `pii_in_clear`, becomes {@link piiMarker}; the rest is kept. Text that is not
 * JSON, or whose redacted copy is huge, is replaced whole by a marker of its digest. Pure: the original is never
 * returned when anything in it was redacted.
 */
export function redactPii(text: string, rejections: readonly Rejection[]): PiiRedaction {
  const pii = rejections.filter((rejection) => rejection.rule === PII_RULE);
  // scanForPii gives a field name the path of its value and says so in the message.
  const pathsWhere = (isName: boolean) =>
    new Set(pii.filter((rejection) => rejection.message.startsWith('field name') === isName).map((rejection) => rejection.path));
  const refused = { values: pathsWhere(false), names: pathsWhere(true) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    const carriesPii = pii.length > 0 || scanForPii(text).length > 0;
    return carriesPii ? { text: piiMarker(text), redacted: true } : { text, redacted: false };
  }
  const walk: Walk = { refused, redactions: 0 };
  const copy = redactValue(parsed, '$', 0, walk);
  if (walk.redactions === 0) return { text, redacted: false };
  const redacted = JSON.stringify(copy);
  return { text: redacted.length <= REDACTED_MAX_CHARS ? redacted : piiMarker(text), redacted: true };
}
