import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleFiles } from './console-files';

describe(ConsoleFiles.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'console-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the files the build wrote, hashed assets as immutable and the page as revalidated', () => {
    writeFileSync(join(dir, 'index.html'), '<div id="app"></div>');
    writeFileSync(join(dir, 'index-abc123.js'), 'export {}');
    const files = ConsoleFiles.load(dir);
    expect(files.problem).toBeNull();
    expect(files.get('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', immutable: false });
    expect(files.get('index-abc123.js')).toMatchObject({ contentType: 'text/javascript; charset=utf-8', immutable: true });
  });

  it('serves nothing outside the build: no parent path, no sub-folder, no file added after start', () => {
    writeFileSync(join(dir, 'index.html'), '');
    mkdirSync(join(dir, 'nested'));
    const files = ConsoleFiles.load(join(dir));
    writeFileSync(join(dir, 'later.js'), '');
    expect([files.get('../index.html'), files.get('nested'), files.get('later.js'), files.get('constructor')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('says how to build the console when its page is missing', () => {
    expect(ConsoleFiles.load(join(dir, 'missing')).problem).toMatch(/not built: .*index\.html is missing \(run `npx nx run console:build`\)/);
  });
});
