import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A process's memory (KiB) and the CPU it has used so far (seconds, user + system), as Linux's /proc reports them. */
export interface ProcessUsage {
  /** VmRSS: resident now. */
  rssKiB: number;
  /** VmHWM: the resident peak since the process started. */
  peakKiB: number;
  cpuSeconds: number;
}

/** VmRSS and VmHWM from the text of /proc/<pid>/status; throws when either is missing (a kernel thread, or not Linux). */
export function parseProcStatus(status: string): Pick<ProcessUsage, 'rssKiB' | 'peakKiB'> {
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc status`);
    return Number(match[1]);
  };
  return { rssKiB: kib('VmRSS'), peakKiB: kib('VmHWM') };
}

/**
 * utime + stime (clock ticks) from the text of /proc/<pid>/stat. The command name (field 2) is in parentheses and may
 * itself hold spaces and parentheses, so the fields are counted from the last ')'.
 */
export function parseCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error(`no utime/stime in /proc stat: ${stat.slice(0, 120)}`);
  return utime + stime;
}

let ticksPerSecond: number | undefined;
const clockTicks = (): number => (ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()));

/**
 * The usage of process `pid` now, or undefined once it has exited: gone from /proc, or a zombie not reaped yet, whose
 * status has no memory lines (a rebuild bench once read its CLI in that instant and failed). Read the node process
 * itself: a wrapper (npx, sh) has its own, small, figures.
 */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    if (/^State:\s+Z/m.test(status)) return undefined;
    return { ...parseProcStatus(status), cpuSeconds: parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicks() };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The lowest pid whose command line (arguments joined by spaces) holds every one of `parts`, e.g. a server of the machine. */
export function findProcess(...parts: string[]): number | undefined {
  const pids = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  return pids.find((pid) => {
    const cmdline = readCmdline(pid);
    return cmdline !== undefined && parts.every((part) => cmdline.includes(part));
  });
}

/** Undefined for a process that ended while the list was read. */
function readCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
