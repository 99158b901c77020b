import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './lspClient';

let dir: string;
let writer: string;

/** A child that rewrites `target` with alternating 1 MB payloads via writeFileAtomic until killed. */
const WRITER_SOURCE = `
import { writeFileAtomic } from ${JSON.stringify(path.join(ROOT, 'src/node/atomicWrite.ts'))};
const target = process.argv[2];
const payload = (c) => JSON.stringify({ fill: c, data: c.repeat(1024 * 1024) });
let i = 0;
process.send?.('ready');
for (;;) await writeFileAtomic(target, payload(i++ % 2 ? 'b' : 'a'));
`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'relax-atomic-'));
  writer = path.join(dir, 'writer.mjs');
  await esbuild.build({
    stdin: { contents: WRITER_SOURCE, loader: 'ts', resolveDir: ROOT },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: writer,
    logLevel: 'warning',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic under kill -9', () => {
  it('leaves the target either the previous or a complete new file, never a partial one', async () => {
    const target = path.join(dir, 'result.json');
    const old = JSON.stringify({ fill: 'old', data: 'old' });
    writeFileSync(target, old);
    const seen = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const child = spawn(process.execPath, [writer, target], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      await new Promise((r) => child.once('message', r));
      await new Promise((r) => setTimeout(r, 20 + ((round * 37) % 120)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const text = readFileSync(target, 'utf8');
      const parsed = JSON.parse(text) as { fill: string; data: string };
      expect(['old', 'a', 'b']).toContain(parsed.fill);
      if (parsed.fill !== 'old') expect(parsed.data.length).toBe(1024 * 1024);
      seen.add(parsed.fill);
    }
    // The kills landed after at least one complete rename (otherwise the test proved nothing).
    expect(seen.has('a') || seen.has('b')).toBe(true);
    // Whatever a kill interrupted is a separate temporary file, never the target.
    expect(
      readdirSync(dir)
        .filter((f) => f !== 'writer.mjs' && f !== 'result.json')
        .every((f) => f.endsWith('.tmp')),
    ).toBe(true);
  });
});
