/**
 * A Thai national ID number: 13 digits whose last is the check digit
 * (11 − Σ digit[i] × (13 − i) for i = 0..11, mod 11, mod 10).
 */
export function isThaiNationalId(digits: string): boolean {
  if (!/^[0-9]{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(digits[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(digits[12]);
}
