import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { Tally } from './exactly-once';

/** One fault and what every acknowledged event looked like once the pipeline had recovered from it (cumulative). */
export interface FaultRow extends Tally {
  fault: string;
  sent: number;
  /** From the fault's end (the kill, the server back) until every replica is ready, acks flow again and every event acked by then is counted. */
  recoveryMs?: number;
  notes: string;
}

const seconds = (ms?: number) => (ms === undefined ? 'not recovered' : `${(ms / 1000).toFixed(1)} s`);

export function faultTable(rows: readonly FaultRow[]): string {
  const lines = rows.map((row) => [row.fault, row.sent, row.acked, row.counted, row.duplicates, row.lost, seconds(row.recoveryMs), row.notes].join(' | '));
  return [
    '| fault | events sent | acked | counted | duplicates | lost | recovery | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...lines.map((line) => `| ${line} |`),
  ].join('\n');
}

/** The table with when and where it was measured, written where the repository keeps the last run's output. */
export function writeLastRun(path: string, setup: string, rows: readonly FaultRow[], summary: readonly string[]): void {
  const machine = `${cpus().length} cores, load ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} at the end`;
  const text = [
    '# Last run of `npm run test:faults`',
    '',
    `${new Date().toISOString()}, ${setup}, ${machine}. Counts are cumulative: each row checks every event acknowledged up to its recovery.`,
    '',
    faultTable(rows),
    '',
    ...summary.map((line) => `- ${line}`),
    '',
  ].join('\n');
  writeFileSync(path, text);
}
