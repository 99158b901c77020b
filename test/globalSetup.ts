// Builds dist/ once before any test file runs: tests drive the shipped bundles, and test files that each
// rebuilt dist/ in parallel could start a process from a bundle another file was rewriting.
import { resolve } from 'node:path';
import { runChildOk } from './helpers/childProcess';

export default async function buildOnce(): Promise<void> {
  await runChildOk(process.execPath, ['scripts/build.mjs'], { cwd: resolve(__dirname, '..') });
}
