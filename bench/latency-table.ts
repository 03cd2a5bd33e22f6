// The latency benchmarks' shared report parts: where they ran, one markdown row per measured span, how to read its p99.
import { cpus, loadavg, totalmem } from 'node:os';

/** The machine and servers a run measured, and the load it ran under (read when the run ended). */
export const measuredOn = () =>
  `Measured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ` +
  `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version},
against the local Kafka (127.0.0.1:9092), ClickHouse 18.16 and PostgreSQL 15. Other work on the machine is not controlled:
the 1-minute load average was ${loadavg()[0]?.toFixed(1) ?? '?'} when the run ended.`;
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const ms = (n: number) => n.toFixed(0);

export const LATENCY_HEADER = `| from … to … | samples | p50 ms | p99 ms | min ms | max ms |
|---|---|---|---|---|---|`;

export function latencyRow(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return (
    `| ${name} | ${sorted.length} | ${ms(percentile(sorted, 50))} | ` +
    `${ms(percentile(sorted, 99))} | ${ms(sorted[0] ?? NaN)} | ${ms(sorted.at(-1) ?? NaN)} |`
  );
}

export const slowTailNote = (samples: number) =>
  `p99 of ${samples} samples is the ${samples - Math.ceil(0.99 * samples) + 1}. largest sample: read it as "the slow tail", not a precise percentile.`;
