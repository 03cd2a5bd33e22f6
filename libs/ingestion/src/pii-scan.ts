import type { Rejection } from '@govmetrics/contracts';
import { isThaiNationalId } from './thai-national-id';

export const PII_RULE = 'pii_in_clear';

// Boundaries exclude letters and digits, so a 64-hex HMAC or a UUID never yields a 13-digit or phone-shaped run.
const NATIONAL_ID = /(?<![0-9A-Za-z])[1-8](?:[- ]?[0-9]){12}(?![0-9A-Za-z])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
// Thai mobile (0[689]x-xxx-xxxx), landline (0[2-7]-xxx-xxxx) and +66 forms, with the usual separators.
const PHONE = /(?<![0-9A-Za-z+])(?:(?:\+66[- ]?|0)[689][0-9][- ]?[0-9]{3}[- ]?[0-9]{4}|(?:\+66[- ]?|0)[2-7][- ]?[0-9]{3}[- ]?[0-9]{4})(?![0-9A-Za-z])/;

const AT = 64;
const HYPHEN = 45;
const SPACE = 32;
const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * Whether `text` has an '@' or nine digits in a row with at most one '-' or ' ' between two digits, which every pattern
 * above needs: the same test as `/@|[0-9](?:[- ]?[0-9]){8}/` (a unit test compares them), at two thirds of its cost on
 * the strings of a usage event. Most strings fail it, and skip the patterns.
 */
export function mayCarryPii(text: string): boolean {
  let digits = 0;
  let afterSeparator = false;
  for (let n = 0; n < text.length; n += 1) {
    const code = text.charCodeAt(n);
    if (isDigit(code)) {
      digits += 1;
      afterSeparator = false;
      if (digits === 9) return true;
    } else if ((code === HYPHEN || code === SPACE) && digits > 0 && !afterSeparator) {
      afterSeparator = true;
    } else {
      if (code === AT) return true;
      digits = 0;
      afterSeparator = false;
    }
  }
  return false;
}

/** What kind of personal data `text` carries in clear, if any. */
export function personalDataIn(text: string): string | undefined {
  if (!mayCarryPii(text)) return undefined;
  for (const match of text.matchAll(NATIONAL_ID)) {
    if (isThaiNationalId(match[0].replace(/[- ]/g, ''))) return 'a Thai national ID number';
  }
  if (text.includes('@') && EMAIL.test(text)) return 'an e-mail address';
  if (PHONE.test(text)) return 'a phone number';
  return undefined;
}

const MAX_DEPTH = 32;

/** Every string (values and keys) anywhere in `value` that carries personal data in clear, by path. */
export function scanForPii(value: unknown, path = '$', depth = 0): Rejection[] {
  if (typeof value === 'string') {
    const kind = personalDataIn(value);
    return kind ? [{ path, rule: PII_RULE, message: `carries ${kind} in clear; send a keyed pseudonym (hmac-v<n>:…) or nothing` }] : [];
  }
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => scanForPii(item, `${path}[${index}]`, depth + 1));
  return Object.entries(value).flatMap(([key, item]) => [
    ...scanForPii(key, `${path}.${key}`, depth + 1).map((rejection) => ({ ...rejection, message: `field name ${rejection.message}` })),
    ...scanForPii(item, `${path}.${key}`, depth + 1),
  ]);
}
