// A real LSP client for tests: forks dist/server.js with Node IPC and speaks JSON-RPC to it.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import {
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  type InitializeResult,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import type { RunSettings } from '../../src/protocol';

export const ROOT = path.resolve(__dirname, '..', '..');

const copies = new Map<string, string>();

/**
 * A private copy of a bundle in dist/ (built once by test/globalSetup.ts), so a rebuild by someone working
 * in the tree while the tests run never changes the code a test's process loads.
 */
export function stableCopy(bundle: 'server.js' | 'extension.js'): string {
  const known = copies.get(bundle);
  if (known) return known;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'relax-dist-')), bundle);
  writeFileSync(file, readFileSync(path.join(ROOT, 'dist', bundle)));
  copies.set(bundle, file);
  return file;
}

/** The extension's default run settings, as the learning tests send them. */
export const LEARN_SETTINGS: RunSettings = {
  tolerance: 1e-8,
  maxIterations: 10_000,
  omegaRange: [1, 1.95],
  gridPoints: 20,
  rhs: { kind: 'ones' },
  seed: 0,
  warmStart: false,
};

export interface TestServer {
  child: ChildProcess;
  conn: MessageConnection;
  diagnostics: Map<string, PublishDiagnosticsParams[]>;
  /** Resolves with the next diagnostics published for `uri`. */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** Starts the server with `workspace` as its only folder and completes the initialize handshake. */
export async function startServer(
  workspace: string,
  initializationOptions: object = {},
): Promise<TestServer & { init: InitializeResult }> {
  const child = fork(stableCopy('server.js'), ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  const waiters = new Map<string, ((p: PublishDiagnosticsParams) => void)[]>();
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, [...(diagnostics.get(p.uri) ?? []), p]);
    const list = waiters.get(p.uri);
    list?.shift()?.(p);
  });
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: fileUri(workspace),
    workspaceFolders: [{ uri: fileUri(workspace), name: 'ws' }],
    capabilities: { window: { workDoneProgress: true } },
    initializationOptions,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    child,
    conn,
    init,
    diagnostics,
    nextDiagnostics: (uri) =>
      new Promise((resolve) => {
        waiters.set(uri, [...(waiters.get(uri) ?? []), resolve]);
      }),
    stop: async () => {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        // Already gone (a test may have killed it).
      }
      conn.dispose();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!m) throw new Error('no VmRSS in /proc status');
  return Number(m[1]) * 1024;
}
