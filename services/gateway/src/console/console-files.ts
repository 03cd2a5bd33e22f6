import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export interface ConsoleFile {
  body: Buffer;
  contentType: string;
  /** Vite names every asset by its content hash, so only index.html may change under the same name. */
  immutable: boolean;
}

/** The console's built files, read once at start: only names the build wrote are served, so no request can reach outside it. */
export class ConsoleFiles {
  private constructor(
    private readonly files: ReadonlyMap<string, ConsoleFile>,
    readonly problem: string | null,
  ) {}

  static load(dir: string): ConsoleFiles {
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
    } catch {
      names = [];
    }
    if (!names.includes('index.html'))
      return new ConsoleFiles(new Map(), `the console is not built: ${dir}/index.html is missing (run \`npx nx run console:build\`)`);
    const files = names.map((name): [string, ConsoleFile] => [
      name,
      { body: readFileSync(join(dir, name)), contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', immutable: name !== 'index.html' },
    ]);
    return new ConsoleFiles(new Map(files), null);
  }

  get(name: string): ConsoleFile | undefined {
    return this.files.get(name);
  }
}
