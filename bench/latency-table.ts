// The latency benchmarks' shared table: one markdown row per measured span, and how to read its p99.
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const ms = (n: number) => n.toFixed(0);

export const LATENCY_HEADER = `| from … to … | samples | p50 ms | p99 ms | min ms | max ms |
|---|---|---|---|---|---|`;

export function latencyRow(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `| ${name} | ${sorted.length} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted[0] ?? NaN)} | ${ms(sorted.at(-1) ?? NaN)} |`;
}

export const slowTailNote = (samples: number) =>
  `p99 of ${samples} samples is the ${samples - Math.ceil(0.99 * samples) + 1}. largest sample: read it as "the slow tail", not a precise percentile.`;
