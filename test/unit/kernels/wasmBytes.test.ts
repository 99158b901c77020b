// The committed WebAssembly bytes are what wasm/*.ts compiles to today: editing a kernel's source
// without `npm run build:wasm` would otherwise ship the old kernel under the new source.
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { root } from '../solvers/fixtures';

test('src/core/kernels/*WasmBytes.ts match a fresh compile of wasm/*.ts', () => {
  const out = execFileSync(process.execPath, ['scripts/buildWasm.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  expect(out).toMatch(/kernelsWasmBytes\.ts: matches a fresh compile of wasm\/index\.ts/);
  expect(out).not.toMatch(/differs/);
});
