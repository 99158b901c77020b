import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
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
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: out,
    logLevel: 'error',
  });
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
    // A write to a service that closed or died (EPIPE) shows up as a missing reply, which the test asserts on.
    this.child.stdin.on('error', () => undefined);
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('error', () => undefined);
    this.lines.on('line', (line) => {
      const w = this.waiters.shift();
      if (w) w(line);
      else this.queue.push(line);
    });
  }

  /** Sends one raw line and resolves with the parsed reply. */
  async send(line: string): Promise<Record<string, unknown>> {
    return JSON.parse(await this.sendRaw(line)) as Record<string, unknown>;
  }

  /** Sends one raw line (or a Buffer holding it) and resolves with the reply line as text. */
  async sendRaw(line: string | Buffer): Promise<string> {
    this.child.stdin.write(line);
    this.child.stdin.write('\n');
    return this.queue.shift() ?? (await new Promise<string>((r) => this.waiters.push(r)));
  }

  request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.send(JSON.stringify(message));
  }

  /** Writes several requests in one write (as observe_and_predict does) and reads their replies in order. */
  async pipeline(messages: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    this.child.stdin.write(messages.map((m) => `${JSON.stringify(m)}\n`).join(''));
    const replies: Record<string, unknown>[] = [];
    for (let k = 0; k < messages.length; k++) {
      const line = this.queue.shift() ?? (await new Promise<string>((r) => this.waiters.push(r)));
      replies.push(JSON.parse(line) as Record<string, unknown>);
    }
    return replies;
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

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** A `relax serve --port 0` child and the port it printed. */
export async function startTcpServe(
  script: string,
  args: string[],
  cwd?: string,
): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const child = spawn(process.execPath, [script, '--port', '0', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolvePort(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`relax serve exited ${code}: ${stderr}`)));
  });
  return { child, port, stderr: () => stderr };
}

/** One TCP connection to `relax serve` with a reply queue; `closed` resolves when the server closes it. */
export class TcpClient {
  readonly socket: Socket;
  readonly closed: Promise<void>;
  /** Raw reply lines as received (for size checks). */
  readonly raw: string[] = [];
  private readonly queue: string[] = [];
  private waiters: ((line: string | null) => void)[] = [];
  private ended = false;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('error', () => undefined);
    // readline re-emits its input's errors (EPIPE when the server closes mid-write) on itself: unhandled there, they are uncaught.
    const lines = createInterface({ input: this.socket });
    lines.on('error', () => undefined);
    lines.on('line', (line) => {
      this.raw.push(line);
      const w = this.waiters.shift();
      if (w) w(line);
      else this.queue.push(line);
    });
    this.closed = new Promise((r) =>
      this.socket.once('close', () => {
        this.ended = true;
        for (const w of this.waiters.splice(0)) w(null);
        r();
      }),
    );
  }

  /** Resolves once connected. */
  ready(): Promise<void> {
    return new Promise((r) => (this.socket.connecting ? this.socket.once('connect', () => r()) : r()));
  }

  /** Writes raw text (no newline added). */
  write(text: string | Buffer): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** The next reply, or null when the server closed the connection first. */
  async next(): Promise<Record<string, unknown> | null> {
    const line =
      this.queue.shift() ?? (this.ended ? null : await new Promise<string | null>((r) => this.waiters.push(r)));
    return line === null ? null : (JSON.parse(line) as Record<string, unknown>);
  }

  async request(message: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    this.write(`${JSON.stringify(message)}\n`);
    return this.next();
  }

  end(): Promise<void> {
    this.socket.end();
    return this.closed;
  }
}
