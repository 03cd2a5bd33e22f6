/** Numbers as the report prints them: grouped, at most `digits` decimals (scores: exactly two, `92.00`). */
export const formatNumber = (value: number | null | undefined, digits = 4): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits });

export const formatScore = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A duration in seconds as its two largest units (`1,886 d 21 h`, `3 m 5 s`): freshness reads at a glance. */
export function formatAge(seconds: number): string {
  const units: [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => seconds >= size);
  if (first === -1) return '0 s';
  return units
    .slice(first, first + 2)
    .map(([unit, size], i) => `${formatNumber(i === 0 ? Math.floor(seconds / size) : Math.floor((seconds % units[first]![1]) / size))} ${unit}`)
    .join(' ');
}
