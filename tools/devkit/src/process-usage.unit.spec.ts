import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { findProcess, parseCpuTicks, parseProcStatus, readProcessUsage } from './process-usage';

const STATUS = ['Name:\tnode', 'State:\tS (sleeping)', 'VmPeak:\t 1254104 kB', 'VmHWM:\t  214332 kB', 'VmRSS:\t  180120 kB', 'Threads:\t11'].join('\n');

describe(parseProcStatus.name, () => {
  it('reads the resident memory now (VmRSS) and its peak (VmHWM), not the virtual peak', () => {
    expect(parseProcStatus(STATUS)).toEqual({ rssKiB: 180_120, peakKiB: 214_332 });
  });

  it('refuses a status without resident memory, as a kernel thread has', () => {
    expect(() => parseProcStatus('Name:\tkthreadd\nState:\tS (sleeping)')).toThrow(/no VmRSS/);
  });
});

describe(parseCpuTicks.name, () => {
  it('adds user and system ticks (fields 14 and 15)', () => {
    expect(parseCpuTicks('4242 (node) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 567 0 0 20 0 11 0 100 0 0')).toBe(1801);
  });

  it('counts fields from the last parenthesis, so a command name with spaces and parentheses does not shift them', () => {
    expect(parseCpuTicks('77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 30 12 0 0 20 0 1 0 5 0 0')).toBe(42);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseCpuTicks('gone')).toThrow(/no utime\/stime/);
  });
});

describe(readProcessUsage.name, () => {
  it("reads this process's own memory and CPU, the peak never below the resident size", () => {
    const usage = readProcessUsage(process.pid);
    expect(usage?.rssKiB).toBeGreaterThan(1024);
    expect(usage?.peakKiB).toBeGreaterThanOrEqual(usage?.rssKiB ?? Infinity);
    expect(usage?.cpuSeconds).toBeGreaterThan(0);
  });

  it('reads nothing of a process that has exited, reaped or not (a zombie has no memory lines)', async () => {
    // `sleep 0`'s parent execs into `sleep 5`, which never waits for it: it stays a zombie until the parent ends.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(await new Promise<string>((done) => parent.stdout.once('data', (chunk: Buffer) => done(chunk.toString()))));
      await new Promise((settle) => setTimeout(settle, 300));
      expect(readFileSync(`/proc/${zombie}/status`, 'utf8')).toMatch(/^State:\s+Z/m);
      expect(readProcessUsage(zombie)).toBeUndefined();
    } finally {
      parent.kill();
    }
    expect(readProcessUsage(4_194_305)).toBeUndefined();
  });
});

describe(findProcess.name, () => {
  it('finds a process by parts of its command line, and nothing for a command line no process has', async () => {
    const marker = `find-me-${randomBytes(6).toString('hex')}`;
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 30000)', marker], { stdio: 'ignore' });
    try {
      expect(findProcess(marker, '-e')).toBe(child.pid);
      expect(findProcess(marker, 'not-in-it')).toBeUndefined();
    } finally {
      child.kill();
      await new Promise((done) => child.once('exit', done));
    }
  });
});
