import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** `node -r @swc-node/register ARGS` from the workspace root, as `npm run -s cli` runs it. */
function node(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, ['-r', '@swc-node/register', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: status, stdout, stderr };
}

const cli = (...args: string[]) => node(['tools/cli/src/main.ts', ...args]);

describe('the CLI as a process', () => {
  it('answers `send --help` and `help` with the usage on stdout and exit 0', () => {
    const send = cli('send', '--help');
    expect(send).toMatchObject({ code: 0, stderr: '' });
    expect(send.stdout).toContain('Usage: npm run -s cli -- send [options] <file>');
    const help = cli('help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run -s cli -- [options] [command]');
  }, 60_000);

  it("exits 2 with the command's usage on stderr for an unknown option", () => {
    const result = cli('ledger', 'verify', '--bogus');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("error: unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: npm run -s cli -- ledger verify [options]');
  }, 60_000);

  it('loads every command without loading @nestjs/* or reflect-metadata', () => {
    const probe =
      "require('./tools/cli/src/program'); " +
      'console.log(JSON.stringify(Object.keys(require.cache).filter((m) => /[\\\\/](@nestjs|reflect-metadata)[\\\\/]/.test(m))));';
    const result = node(['-e', probe]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  }, 60_000);
});
