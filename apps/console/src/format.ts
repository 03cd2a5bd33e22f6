/** Numbers as the report prints them: grouped, at most `digits` decimals (scores: exactly two, `92.00`). */
export const formatNumber = (value: number | null | undefined, digits = 4): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits });

export const formatScore = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
