// Child processes for tests, asynchronous on purpose: a synchronous spawn blocks the vitest worker, and a
// child that runs longer than a minute on a loaded machine then trips vitest's worker RPC timeout
// ("Timeout calling onTaskUpdate") although every test passed.
import { spawn } from 'node:child_process';

export interface ChildResult {
  /** Exit code, or null when a signal ended the child. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
}

/** Runs `command args` to its end and resolves with its status and output (never rejects on a non-zero exit). */
export function runChild(command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status, signal) =>
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.on('error', () => undefined); // a child that exits without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Like runChild, but resolves with stdout only when the child exits 0; otherwise rejects with its stderr. */
export async function runChildOk(
  command: string,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<string> {
  const r = await runChild(command, args, options);
  if (r.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr.trim() || r.stdout.trim()}`,
    );
  return r.stdout;
}
