import type { ProcessUsage } from '@govmetrics/devkit';
import type { StepFigures } from './growth-step';
import type { Watched } from './machine-sample';
import type { RebuildFigures } from './rebuild-run';

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const fixed = (n: number | undefined, digits = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '–');
const mib = (usage: ProcessUsage | undefined) => (usage ? `${fixed(usage.rssKiB / 1024, 0)} / ${fixed(usage.peakKiB / 1024, 0)}` : '–');
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const header = (cells: readonly string[]) => [row(cells), row(cells.map(() => '---'))];

/** The checkpoints beside each other: throughput, memory and the scoring service's work at each table size. */
export function checkpointTable(steps: readonly StepFigures[]): string[] {
  return [
    ...header([
      'rows in usage_events',
      'step events',
      'step s',
      'events/s through projector',
      'sent events/s',
      'projector µs CPU/event',
      'projector RSS / peak MiB',
      'scoring RSS / peak MiB',
      'scoring batches / s in them / snapshots',
      'scoring done after projector, s',
      'A1 reads: distinct / sum, ms',
      '1-min load',
    ]),
    ...steps.map((step) =>
      row([
        int(step.rows),
        int(step.events),
        fixed(step.seconds),
        int(step.events / step.seconds),
        int(step.events / step.sendSeconds),
        fixed(((step.cpu.projector ?? NaN) / step.events) * 1e6),
        mib(step.memory.projector),
        mib(step.memory.scoring),
        `${int(step.scoring.recomputes)} / ${fixed(step.scoring.recomputeSeconds)} / ${int(step.scoring.snapshots)}`,
        fixed(step.scoringBehindSeconds),
        `${fixed(step.reads.distinctMs, 0)} / ${fixed(step.reads.sumMs, 0)}`,
        fixed(step.load),
      ]),
    ),
  ];
}

type CpuOf = Partial<Record<Watched | 'bench', number>>;
const STEP_CPU: readonly (keyof CpuOf)[] = ['projector', 'scoring', 'clickhouse', 'kafka', 'bench'];
const REBUILD_CPU: readonly (keyof CpuOf)[] = ['rebuild', 'clickhouse', 'kafka'];
const cpuHeader = (names: readonly (keyof CpuOf)[]) => names.map((name) => `${name} CPU s (share)`);
const cpuCells = (cpu: CpuOf, names: readonly (keyof CpuOf)[], wall: number, cores: number) =>
  names.map((name) => (cpu[name] === undefined ? '–' : `${fixed(cpu[name])} (${fixed(((cpu[name] ?? 0) / (wall * cores)) * 100, 0)}%)`));

/** CPU seconds each process used in each step, and its share of the machine's cores over the step's wall time. */
export function cpuTable(steps: readonly StepFigures[], cores: number): string[] {
  return [
    ...header(['rows in usage_events', 'step s', ...cpuHeader(STEP_CPU)]),
    ...steps.map((step) => row([int(step.rows), fixed(step.seconds), ...cpuCells(step.cpu, STEP_CPU, step.seconds, cores)])),
  ];
}

/** The rebuild into a fresh database: its replay timed from when its tables existed (after node and the CLI loaded), and where its CPU went. */
export function rebuildTable(rebuild: RebuildFigures, cores: number): string[] {
  return [
    ...header([
      'replayed',
      'CLI start s',
      'replay s',
      'replay events/s',
      'all, with checksums, s',
      'checksums',
      'rebuild RSS / peak MiB',
      '1-min load',
      ...cpuHeader(REBUILD_CPU),
    ]),
    row([
      int(rebuild.replayed),
      fixed(rebuild.startSeconds),
      fixed(rebuild.replaySeconds - rebuild.startSeconds),
      int(rebuild.replayed / (rebuild.replaySeconds - rebuild.startSeconds)),
      fixed(rebuild.seconds),
      rebuild.identical ? 'identical' : `DIFFERENT (exit ${String(rebuild.exitCode)})`,
      mib(rebuild.memory),
      fixed(rebuild.load),
      ...cpuCells(rebuild.cpu, REBUILD_CPU, rebuild.seconds, cores),
    ]),
  ];
}
