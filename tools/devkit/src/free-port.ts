import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Below Linux's ephemeral range (32768–60999), where no outgoing connection takes its local port. A port the kernel
 * gave to `listen(0)` comes from that range: between our probe and the server's own listen, a Kafka or HTTP client of
 * any process could connect from it (EADDRINUSE in CI, 2026-11-30). Nothing of infra/local listens here.
 */
const FIRST = 20_000;
const END = 32_768;

/**
 * Where processes note the ports they handed out, one file per port holding the pid. The test command runs two jest
 * processes at once, and a service takes seconds to listen on the port it was given: in that time the other process's
 * probe finds the port free. A port is handed out only by the process that created its file (`wx`, atomic). Files
 * are not removed at exit (jest's sandboxed `process` never sees it): a file is stale once its process is gone, or
 * after three hours, longer than any test run, should its pid have been reused. At most one file per port is kept.
 */
const RESERVATIONS = join(tmpdir(), 'govmetrics-ports');
const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

const listensFree = (port: number): Promise<boolean> =>
  new Promise((answer) => {
    const server = createServer();
    server.once('error', () => answer(false));
    server.listen(port, '127.0.0.1', () => server.close(() => answer(true)));
  });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether the file may be taken over: its owner is gone or it is old. Never this process's own (a port it handed out
 * once stays its own), nor one whose owner is still writing its pid (it reads as 0).
 */
const stale = (file: string): boolean => {
  try {
    const owner = Number(readFileSync(file, 'utf8'));
    if (owner === 0 || owner === process.pid) return false;
    return !alive(owner) || Date.now() - statSync(file).mtimeMs > STALE_AFTER_MS;
  } catch (error) {
    // Taken over and removed by another process meanwhile: try creating it again.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
};

/** Creates the port's file for this process; a stale file is taken over. */
function reserve(port: number): boolean {
  const file = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = openSync(file, 'wx');
      writeSync(descriptor, String(process.pid));
      closeSync(descriptor);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!stale(file)) return false;
      rmSync(file, { force: true });
    }
  }
  return false;
}

/**
 * A TCP port on loopback that nothing listens on right now, outside the ephemeral range, never handed out twice while
 * the process that got it lives (by this process or another on the machine).
 */
export async function freePort(): Promise<number> {
  mkdirSync(RESERVATIONS, { recursive: true });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = FIRST + Math.floor(Math.random() * (END - FIRST));
    if ((await listensFree(port)) && reserve(port)) return port;
  }
  throw new Error(`no free port between ${FIRST} and ${END - 1} after 200 tries`);
}
