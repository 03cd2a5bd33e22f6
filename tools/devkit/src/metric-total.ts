/**
 * The sum of every sample of metric `name` (any labels) in a Prometheus text exposition, e.g. a histogram's `_count`
 * or `_sum`; 0 when the exposition has none (a counter not touched yet is still exposed, so 0 is its value).
 */
export function metricTotal(exposition: string, name: string): number {
  const sample = new RegExp(`^${name.replace(/[^a-z0-9_:]/gi, '')}(?:\\{[^}]*\\})? (\\S+)$`, 'gm');
  return [...exposition.matchAll(sample)].reduce((total, [, value]) => total + Number(value), 0);
}

/** Reads `url` (a service's /metrics) and sums each of `names`. */
export async function readMetricTotals<Name extends string>(url: string, names: readonly Name[]): Promise<Record<Name, number>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const text = await response.text();
  return Object.fromEntries(names.map((name) => [name, metricTotal(text, name)])) as Record<Name, number>;
}
