// The console's build: static files for the gateway to serve at /console (same origin as the API it calls).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { parse } from 'yaml';

const root = import.meta.dirname;
// The platforms and their metrics come from the one platform catalog, so the board never lists a platform the ingest refuses.
const catalog = parse(readFileSync(resolve(root, '../../catalogs/platforms.yaml'), 'utf8'));
const platforms = Object.entries(catalog.platforms).map(([id, platform]) => ({ id, name: platform.name, metrics: Object.keys(platform.metrics) }));

export default defineConfig({
  root,
  base: '/console/',
  define: { __PLATFORMS__: JSON.stringify(platforms) },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  // Flat output: the gateway serves /console/:file and nothing deeper.
  build: { outDir: resolve(root, 'dist'), emptyOutDir: true, assetsDir: '', target: 'es2022' },
});
