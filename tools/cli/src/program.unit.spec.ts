import { runCommandLine, USAGE_EXIT } from './command';
import { cliProgram } from './program';

/** The command line run in-process, with what commander wrote to stdout and stderr. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const [out, err] = [[] as string[], [] as string[]];
  const code = await runCommandLine(cliProgram(), argv, { writeOut: (text) => out.push(text), writeErr: (text) => err.push(text) });
  return { code, out: out.join(''), err: err.join('') };
}

/** Every command and the options it took before commander (node:util parseArgs), which it must keep. */
const COMMANDS: [string[], string[]][] = [
  [['demo'], []],
  [['schemas'], []],
  [['generate-fy2564'], ['--out']],
  [['score'], ['--catalog', '--attested', '--ledger', '--catalog-id', '--known-at', '--database', '--events', '--as-of', '--json']],
  [['send'], ['--platform', '--url', '--batch-size', '--key-version']],
  [['rebuild'], []],
  [['quarantine'], []],
  [['quarantine', 'list'], ['--json']],
  [
    ['quarantine', 'replay'],
    ['--source-offset', '--all'],
  ],
  [['catalog-import'], ['--catalog', '--attested', '--reason', '--effective', '--gateway', '--token-file']],
  [['revise-target'], ['--indicator', '--target', '--expected-version', '--measure', '--reason', '--effective', '--catalog-id', '--gateway', '--token-file']],
  [
    ['attest'],
    [
      '--id',
      '--value',
      '--effective',
      '--evidence',
      '--evidence-file',
      '--unit',
      '--reason',
      '--expected-version',
      '--catalog-id',
      '--gateway',
      '--token-file',
    ],
  ],
  [['ledger'], []],
  [
    ['ledger', 'verify'],
    ['--anchors', '--json', '--ledger'],
  ],
  [
    ['ledger', 'history'],
    ['--catalog-id', '--json', '--ledger'],
  ],
];

describe('the CLI', () => {
  it('answers --help on the whole with every command, and exits 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: npm run -s cli -- [options] [command]');
    for (const name of new Set(COMMANDS.map(([path]) => path[0]!))) expect(out).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(out).toMatch(/^ {2}help \[command\]/m);
  });

  it.each(COMMANDS.map(([path, options]) => [path.join(' '), options] as const))(
    'answers `%s --help` with its usage and every option it takes, and exits 0',
    async (line, options) => {
      const { code, out } = await cli([...line.split(' '), '--help']);
      expect(code).toBe(0);
      expect(out).toContain(`Usage: npm run -s cli -- ${line} `);
      for (const option of options) expect(out).toMatch(new RegExp(`^ {2}${option}\\b`, 'm'));
      expect(out).toMatch(/^ {2}-h, --help\b/m);
    },
  );

  it('answers `help COMMAND` as `COMMAND --help`', async () => {
    const [help, flag] = [await cli(['help', 'score']), await cli(['score', '--help'])];
    expect(help).toEqual({ code: 0, out: flag.out, err: '' });
  });

  it("answers an unknown option with the reason and the command's usage on stderr, and a usage exit", async () => {
    const { code, out, err } = await cli(['send', 'events.ndjson', '--platform', 'gdx', '--bogus']);
    expect(code).toBe(USAGE_EXIT);
    expect(out).toBe('');
    expect(err).toContain("error: unknown option '--bogus'");
    expect(err).toContain('Usage: npm run -s cli -- send [options] <file>');
  });

  it('answers an unknown command, or none, with the whole usage and a usage exit', async () => {
    const unknown = await cli(['bogus']);
    expect(unknown.code).toBe(USAGE_EXIT);
    expect(unknown.err).toContain("error: unknown command 'bogus'");
    expect(unknown.err).toContain('Usage: npm run -s cli -- [options] [command]');
    const none = await cli([]);
    expect(none.code).toBe(USAGE_EXIT);
    expect(none.err).toContain('Usage: npm run -s cli -- [options] [command]');
  });

  it('answers a missing required option with its name and the usage, before touching any server', async () => {
    const { code, err } = await cli(['revise-target', '--indicator', 'A1', '--target', '3', '--reason', 'why', '--gateway', 'http://127.0.0.1:9']);
    expect(code).toBe(USAGE_EXIT);
    expect(err).toContain("error: required option '--expected-version <n>' not specified");
    expect(err).toContain('Usage: npm run -s cli -- revise-target [options]');
  });

  it("refuses a steward's change that names who typed as --by, or that has no token, before sending anything", async () => {
    const revise = ['revise-target', '--indicator', 'A1', '--target', '3', '--expected-version', '1', '--reason', 'why', '--gateway', 'http://127.0.0.1:9'];
    await expect(cli([...revise, '--by', 'the minister'])).rejects.toThrow(/--by is no longer taken: the ledger records the subject of the steward token/);
    const token = process.env['GOVMETRICS_TOKEN'];
    delete process.env['GOVMETRICS_TOKEN'];
    try {
      await expect(cli(revise)).rejects.toThrow(/set GOVMETRICS_TOKEN or pass --token-file FILE/);
    } finally {
      if (token !== undefined) process.env['GOVMETRICS_TOKEN'] = token;
    }
    expect(await cli(revise.filter((arg) => arg !== '--reason' && arg !== 'why'))).toMatchObject({
      code: USAGE_EXIT,
      err: expect.stringContaining("required option '--reason <why>' not specified"),
    });
  });

  it('refuses a quarantine replay that names no record, and a malformed offset, with a usage exit', async () => {
    expect((await cli(['quarantine', 'replay'])).code).toBe(USAGE_EXIT);
    const malformed = await cli(['quarantine', 'replay', '--source-offset', '0-12']);
    expect(malformed.code).toBe(USAGE_EXIT);
    expect(malformed.err).toContain('--source-offset takes PARTITION:OFFSET; got 0-12');
  });

  it('refuses a batch size that is not a whole number with a usage exit', async () => {
    const { code, err } = await cli(['send', 'events.ndjson', '--platform', 'gdx', '--batch-size', '0']);
    expect(code).toBe(USAGE_EXIT);
    expect(err).toContain("option '--batch-size <n>' argument '0' is invalid");
  });
});
