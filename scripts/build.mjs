// Bundles every entry point with esbuild. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Node entry points: only those whose source exists are built, so the tree grows one entry at a time. */
const nodeEntries = [
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/server/server.ts', out: 'server' },
  { in: 'src/extension.ts', out: 'extension' },
  // The reader threads of a parallel Matrix Market read (src/node/parallelRead.ts loads it by path).
  { in: 'src/node/mmChunkWorker.ts', out: 'mmChunkWorker' },
].filter((e) => existsSync(e.in));

const webEntries = [{ in: 'webview/main.ts', out: 'webview' }].filter((e) => existsSync(e.in));

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  outdir: 'dist',
};

const contexts = [];
if (nodeEntries.length > 0) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: nodeEntries,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
      banner: { js: '' },
    }),
  );
}
if (webEntries.length > 0) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: webEntries,
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
      loader: { '.css': 'text' },
    }),
  );
}

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
