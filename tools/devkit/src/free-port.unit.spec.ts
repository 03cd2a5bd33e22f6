import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { freePort } from './free-port';

const listen = (port: number) =>
  new Promise<() => Promise<void>>((ready, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => ready(() => new Promise((closed) => server.close(() => closed()))));
  });

describe('freePort', () => {
  it('offers ports below the ephemeral range, each once, that a server can then listen on', async () => {
    const ports: number[] = [];
    for (let n = 0; n < 50; n += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.every((port) => port >= 20_000 && port < 32_768)).toBe(true);
    const closers = await Promise.all(ports.map(listen));
    await Promise.all(closers.map((close) => close()));
  });

  it('never offers a port something listens on', async () => {
    const taken: Array<() => Promise<void>> = [];
    // 200 ports of the 12,768 held: 300 random draws would meet one about 5 times if the probe were missing.
    const held = new Set<number>();
    for (let n = 0; n < 200; n += 1) {
      const port = 20_000 + n * 64;
      const close = await listen(port).catch(() => undefined);
      if (!close) continue;
      taken.push(close);
      held.add(port);
    }
    try {
      for (let n = 0; n < 300; n += 1) expect(held.has(await freePort())).toBe(false);
    } finally {
      await Promise.all(taken.map((close) => close()));
    }
  });

  describe('beside another process drawing ports (the test command runs two jest processes at once)', () => {
    /** A process that draws `count` ports, prints them, and holds them (listening on none) until it is killed. */
    const drawingProcess = (count: number): Promise<{ child: ChildProcess; ports: Set<number> }> =>
      new Promise((drawn, failed) => {
        const script = `(async () => { const { freePort } = require('./free-port'); const ports = [];
          for (let n = 0; n < ${count}; n += 1) ports.push(await freePort()); console.log(JSON.stringify(ports)); setInterval(() => {}, 1000); })()`;
        const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: resolve(__dirname), stdio: ['ignore', 'pipe', 'inherit'] });
        let output = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('\n')) drawn({ child, ports: new Set(JSON.parse(output) as number[]) });
        });
        child.once('exit', (code) => failed(new Error(`the drawing process exited (${code}) before it printed its ports`)));
      });
    const killed = (child: ChildProcess) => new Promise((gone) => (child.once('exit', gone), child.kill('SIGKILL')));

    it('never offers a port another living process was offered, though nothing listens on it yet', async () => {
      const other = await drawingProcess(500);
      try {
        // Without the reservations, 1,000 draws would meet about 39 of the other's 500 ports.
        const mine: number[] = [];
        for (let n = 0; n < 1_000; n += 1) mine.push(await freePort());
        expect(mine.filter((port) => other.ports.has(port))).toEqual([]);
      } finally {
        await killed(other.child);
      }
    }, 60_000);

    it('offers again the ports of a process that is gone (killed, its files left behind)', async () => {
      const other = await drawingProcess(500);
      await killed(other.child);
      const mine: number[] = [];
      for (let n = 0; n < 1_000; n += 1) mine.push(await freePort());
      expect(mine.some((port) => other.ports.has(port))).toBe(true);
    }, 60_000);
  });
});
