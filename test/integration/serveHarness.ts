import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import * as esbuild from 'esbuild';

const REPO = resolve(__dirname, '../..');

/**
 * Bundles one CLI command (`runServe` of src/cli/serve.ts, `runExport` of src/cli/export.ts) into a
 * runnable file, so the process tests exercise the real command without a prior `npm run build`.
 */
export async function buildCommandEntry(module: 'serve' | 'export', run: 'runServe' | 'runExport'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `relax-${module}-bin-`));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { ${run} } from ${JSON.stringify(resolve(REPO, 'src/cli', module))};\n` +
      `${run}(process.argv.slice(2)).then((code) => { process.exitCode = code; });\n`,
  );
  const out = join(dir, `${module}.js`);
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'error' });
  return out;
}

/** `relax serve` as a runnable file. */
export function buildServeEntry(): Promise<string> {
  return buildCommandEntry('serve', 'runServe');
}

/** A running `relax serve` over stdio with a reply queue. */
export class ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly queue: string[] = [];
  private waiters: ((line: string) => void)[] = [];
  stderr = '';

  constructor(script: string, args: string[] = [], cwd?: string) {
    this.child = spawn(process.execPath, [script, ...args], { cwd });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => {
      const w = this.waiters.shift();
      if (w) w(line);
      else this.queue.push(line);
    });
  }

  /** Sends one raw line and resolves with the parsed reply. */
  async send(line: string): Promise<Record<string, unknown>> {
    this.child.stdin.write(`${line}\n`);
    const reply = this.queue.shift() ?? (await new Promise<string>((r) => this.waiters.push(r)));
    return JSON.parse(reply) as Record<string, unknown>;
  }

  request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.send(JSON.stringify(message));
  }

  /** Closes stdin and resolves with the exit code. */
  end(): Promise<number | null> {
    return new Promise((r) => {
      this.child.once('exit', (code) => r(code));
      this.child.stdin.end();
    });
  }

  /** SIGKILL: no chance to save anything on the way out. */
  kill(): Promise<void> {
    return new Promise((r) => {
      this.child.once('exit', () => r());
      this.child.kill('SIGKILL');
    });
  }
}
