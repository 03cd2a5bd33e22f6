const NON_ASCII = /[^\0-\x7f]/;
const TO_ASCII = /[\p{Nd}\p{Zs}\p{Pd}]/gu;
const DECIMAL_DIGIT = /^\p{Nd}$/u;
const SPACE = /^\p{Zs}$/u;
const digitValues = new Map<string, string>();

/** Unicode encodes every decimal digit set as ten consecutive code points, 0 to 9: a digit's value is its distance from its set's zero. */
function asciiDigit(digit: string): string {
  let value = digitValues.get(digit);
  if (value === undefined) {
    const code = digit.codePointAt(0) ?? 0;
    let before = 0;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(code - before - 1))) before += 1;
    value = String(before % 10);
    digitValues.set(digit, value);
  }
  return value;
}

const toAscii = (char: string): string => (DECIMAL_DIGIT.test(char) ? asciiDigit(char) : SPACE.test(char) ? ' ' : '-');

/**
 * What the PII screen reads: NFKC (full-width ＠ and digits become ASCII, NBSP a space), then every decimal digit of
 * any script (Thai ๐-๙ …) as its ASCII digit, every Unicode space as ' ' and every dash as '-'.
 */
export function normaliseForScreening(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.normalize('NFKC').replace(TO_ASCII, toAscii);
}
