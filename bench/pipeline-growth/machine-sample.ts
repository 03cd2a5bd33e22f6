import type { ProcessUsage } from '@govmetrics/devkit';
import { findProcess, readProcessUsage } from '@govmetrics/devkit';
import { loadavg } from 'node:os';

/** The processes whose CPU the bench attributes: the services it started, and the shared servers they work through. */
export type Watched = 'projector' | 'scoring' | 'rebuild' | 'clickhouse' | 'kafka';

/**
 * The shared single-node servers, found by their command lines (the cluster's servers run from other directories; Kafka's
 * bash wrapper is skipped by asking for the JVM's own argument). Either may be absent: its CPU is then not reported.
 */
export function serverPids(): Partial<Record<Watched, number>> {
  return {
    clickhouse: findProcess('clickhouse-server', '.local/clickhouse/config.xml'),
    kafka: findProcess('-Dlog4j2.configurationFile=', '.local/kafka/server.properties'),
  };
}

export type Usages = Partial<Record<Watched, ProcessUsage>>;

/** Each watched process's usage now; a process that has exited is left out. */
export function readUsages(pids: Partial<Record<Watched, number>>): Usages {
  const usages: Usages = {};
  for (const [name, pid] of Object.entries(pids) as [Watched, number | undefined][]) {
    if (pid === undefined) continue;
    const usage = readProcessUsage(pid);
    if (usage !== undefined) usages[name] = usage;
  }
  return usages;
}

/** CPU seconds each process used between two readings. */
export function cpuBetween(before: Usages, after: Usages): Partial<Record<Watched, number>> {
  const used: Partial<Record<Watched, number>> = {};
  for (const name of Object.keys(after) as Watched[]) {
    const [start, end] = [before[name], after[name]];
    if (start && end) used[name] = end.cpuSeconds - start.cpuSeconds;
  }
  return used;
}

/** The bench's own CPU (generating and producing the events), in seconds since it started. */
export const benchCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export const loadNow = (): number => loadavg()[0] ?? NaN;
