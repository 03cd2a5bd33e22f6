import type { Rejection } from '@govmetrics/contracts';
import { isWellFormedUnicode, MALFORMED_UNICODE_RULE, toWellFormedUnicode } from '@govmetrics/contracts';
import { normaliseForScreening } from './pii-normalise';
import { isThaiNationalId } from './thai-national-id';

export const PII_RULE = 'pii_in_clear';

/**
 * How a string is screened. `full`: any run of digits, even glued to letters. `opaque`, for machine identifiers
 * (the event id, a pseudonym): e-mail addresses, and IDs and phone numbers only in their written forms
 * (1-2345-67890-12-1, 081-234-5678, +66…), since a bare 13-digit run there is as often a millisecond timestamp
 * (and about one in ten of those passes the ID checksum).
 */
export type Screening = 'full' | 'opaque';

const OPAQUE_PATHS = new Set(['$.id', '$.data.entity']);
const MAX_SEPARATOR_RUN = 3;
/** The fewest digits of anything screened for: a landline, 0X XXX XXXX. */
const MIN_DIGITS = 9;
const ID_DIGITS = 13;
const ID_GROUPS = '1,4,5,2,1';
const MOBILE = /^0[689][0-9]{8}$/;
const LANDLINE = /^0[2-7][0-9]{7}$/;
// The character just before an '@' (a surrogate pair counts as one): a local part of any script ends there.
const LOCAL_PART_END = /[\p{L}\p{M}\p{N}._%+-]$/u;
const DOMAIN = /^[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*\.[\p{L}\p{M}]{2,}/u;
const MAX_DOMAIN_CHARS = 255;
// UUIDs, digests, pseudonyms: a run of hex (dash-separated) of 20 characters or more with a letter in it. Its digit
// runs are no number a person wrote: unmasked, one UUID in 170 read as an ID or a phone number.
const HEX_TOKEN = /[0-9a-f]+(?:-[0-9a-f]+)*/gi;
const HEX_LETTER = /[a-f]/i;
const LONG_HEX = /[0-9a-f-]{20}/i;
const MIN_HEX_TOKEN_CHARS = 20;
const maskHex = (token: string): string => (token.length >= MIN_HEX_TOKEN_CHARS && HEX_LETTER.test(token) ? '_' : token);

const PLUS = 43;
const isDigitCode = (code: number) => code >= 48 && code <= 57;
// ' ', '(', ')', '-', '.', '/': what people write between the digit groups of a phone or an ID.
const isSeparatorCode = (code: number) => code === 32 || code === 40 || code === 41 || code === 45 || code === 46 || code === 47;

/** Digit groups joined by at most three separators (space - . / ( )), and whether a '+' leads them. */
interface DigitRun {
  groups: string[];
  plus: boolean;
}

function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let n = 0;
  while (n < text.length) {
    if (!isDigitCode(text.charCodeAt(n))) {
      n += 1;
      continue;
    }
    const run: DigitRun = { groups: [], plus: text.charCodeAt(n - 1) === PLUS };
    for (;;) {
      const start = n;
      while (isDigitCode(text.charCodeAt(n))) n += 1;
      run.groups.push(text.slice(start, n));
      let gap = 0;
      while (gap < MAX_SEPARATOR_RUN && isSeparatorCode(text.charCodeAt(n + gap))) gap += 1;
      if (gap === 0 || !isDigitCode(text.charCodeAt(n + gap))) break;
      n += gap;
    }
    runs.push(run);
  }
  return runs;
}

/** The national form (0…) of the phone number these digits write, or undefined when they write none. */
function thaiPhone(digits: string, leadingPlus: boolean, firstGroupLength: number): string | undefined {
  const international = leadingPlus && digits.startsWith('66') ? digits.slice(2) : digits.startsWith('0066') ? digits.slice(4) : undefined;
  // A national number's first group is at least "0X": "0.812345678" is a fraction, not a phone.
  const national = international === undefined ? (firstGroupLength >= 2 ? digits : '') : international.startsWith('0') ? international : `0${international}`;
  return MOBILE.test(national) || LANDLINE.test(national) ? national : undefined;
}

/** Whether groups first..last are written as a national ID is printed: 1-2345-67890-12-1. */
const writtenAsId = (groups: readonly string[], first: number, last: number): boolean =>
  groups
    .slice(first, last + 1)
    .map((group) => group.length)
    .join(',') === ID_GROUPS;

/** Any range of consecutive groups of the run that is an ID or a phone number; opaque screening needs a written form. */
function numberIn({ groups, plus: leadingPlus }: DigitRun, screening: Screening): string | undefined {
  const full = screening === 'full';
  for (let first = 0; first < groups.length; first += 1) {
    const plus = first === 0 && leadingPlus;
    let digits = '';
    for (let last = first; last < groups.length && digits.length <= ID_DIGITS; last += 1) {
      digits += groups[last];
      if (digits.length === ID_DIGITS && (full || writtenAsId(groups, first, last)) && isThaiNationalId(digits)) return 'a Thai national ID number';
      const phoneShaped = digits.length >= MIN_DIGITS && (full || last > first || plus);
      if (phoneShaped && thaiPhone(digits, plus, groups[first]?.length ?? 0)) return 'a phone number';
    }
  }
  return undefined;
}

/** Whether an '@' has a local part before it and a domain after it, letters of any script (ตัวอย่าง.ไทย) included. */
function hasEmail(text: string): boolean {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (LOCAL_PART_END.test(text.slice(Math.max(0, at - 2), at)) && DOMAIN.test(text.slice(at + 1, at + 1 + MAX_DOMAIN_CHARS))) return true;
  }
  return false;
}

const AT = 64;

/**
 * Cheap and conservative: false only when no screen can find anything, i.e. the text is ASCII, has no '@', and no
 * nine digits joined by separator runs of at most three (every phone and ID has nine digits or more).
 * Non-ASCII text always goes to the full screen (NFKC may make digits or an '@' of it).
 */
export function mayCarryPii(text: string): boolean {
  let digits = 0;
  let gap = 0;
  for (let n = 0; n < text.length; n += 1) {
    const code = text.charCodeAt(n);
    if (code >= 48 && code <= 57) {
      digits += 1;
      gap = 0;
      if (digits === MIN_DIGITS) return true;
    } else if (code === AT || code > 127) {
      return true;
    } else if ((isSeparatorCode(code) || code === PLUS) && digits > 0 && gap < MAX_SEPARATOR_RUN) {
      gap += 1;
    } else {
      digits = 0;
      gap = 0;
    }
  }
  return false;
}

/** What kind of personal data `text` carries in clear, if any, read after Unicode normalisation. */
export function personalDataIn(text: string, screening: Screening = 'full'): string | undefined {
  if (!mayCarryPii(text)) return undefined;
  let normal = normaliseForScreening(text);
  if (LONG_HEX.test(normal)) normal = normal.replace(HEX_TOKEN, maskHex);
  for (const run of digitRuns(normal)) {
    const found = numberIn(run, screening);
    if (found) return found;
  }
  return normal.includes('@') && hasEmail(normal) ? 'an e-mail address' : undefined;
}

/** How the string at `path` is screened: the event id and the pseudonym are opaque identifiers, everything else in full. */
export const screeningAt = (path: string): Screening => (OPAQUE_PATHS.has(path) ? 'opaque' : 'full');

const MAX_DEPTH = 32;
const piiMessage = (kind: string) => `carries ${kind} in clear; send a keyed pseudonym (hmac-v<n>:…) or nothing`;

/** Personal data in clear in one string value at `path`. */
function screenValue(text: string, path: string, found: Rejection[]): void {
  const kind = personalDataIn(text, screeningAt(path));
  if (kind) found.push({ path, rule: PII_RULE, message: piiMessage(kind) });
}

/** One field name: a lone surrogate (values are the contract's to check), personal data in clear. */
function screenKey(key: string, path: string, found: Rejection[]): void {
  if (!isWellFormedUnicode(key))
    found.push({ path, rule: MALFORMED_UNICODE_RULE, message: 'field name must be well-formed Unicode: it holds a lone UTF-16 surrogate' });
  const kind = personalDataIn(key);
  if (kind) found.push({ path, rule: PII_RULE, message: `field name ${piiMessage(kind)}` });
}

/**
 * A valid event holds about 50 strings and keys: past this many, the item is refused by the contract anyway, and
 * the screen stops so that a megabyte of hostile strings costs no more than a thousand.
 */
export const MAX_SCREENED_STRINGS = 1000;

interface Walk {
  found: Rejection[];
  screened: number;
}

function walk(value: unknown, path: string, depth: number, state: Walk): void {
  if (state.screened >= MAX_SCREENED_STRINGS) return;
  if (typeof value === 'string') {
    state.screened += 1;
    return screenValue(value, path, state.found);
  }
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length && state.screened < MAX_SCREENED_STRINGS; index += 1) walk(value[index], `${path}[${index}]`, depth + 1, state);
    return;
  }
  for (const key of Object.keys(value)) {
    if (state.screened >= MAX_SCREENED_STRINGS) return;
    const keyPath = `${path}.${toWellFormedUnicode(key)}`;
    state.screened += 1;
    screenKey(key, keyPath, state.found);
    walk((value as Record<string, unknown>)[key], keyPath, depth + 1, state);
  }
}

/**
 * Every string (values and keys) anywhere in `value` that carries personal data in clear, and every key that is
 * not well-formed Unicode, by path (a key's lone surrogates shown as U+FFFD); the first {@link MAX_SCREENED_STRINGS} only.
 */
export function scanForPii(value: unknown, path = '$'): Rejection[] {
  const state: Walk = { found: [], screened: 0 };
  walk(value, path, 0, state);
  return state.found;
}
