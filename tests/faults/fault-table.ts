import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  writeFileSync(path, ['# Last run of `npm run test:faults`', '', ...runReport(setup, rows, summary)].join('\n'));
}

/**
 * A run of selected faults (FAULTS_ONLY) as a section at the end of the last run's file, under its own heading, so the
 * full run's table above it stays as it was; the same heading written again replaces its section.
 */
export function writeLastRunSection(path: string, heading: string, setup: string, rows: readonly FaultRow[], summary: readonly string[]): void {
  const before = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const at = before.indexOf(`\n## ${heading}\n`);
  const kept = (at < 0 ? before : before.slice(0, at + 1)).trimEnd();
  writeFileSync(path, [kept, '', `## ${heading}`, '', ...runReport(setup, rows, summary)].join('\n'));
}

function runReport(setup: string, rows: readonly FaultRow[], summary: readonly string[]): string[] {
  const machine = `${cpus().length} cores, load ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} at the end`;
  return [
    `${new Date().toISOString()}, ${setup}, ${machine}. Counts are cumulative: each row checks every event acknowledged up to its recovery.`,
    '',
    faultTable(rows),
    '',
    ...summary.map((line) => `- ${line}`),
    '',
  ];
}
