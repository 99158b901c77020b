import { createServer, type Socket } from 'node:net';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLearner, restoreLearner } from '../core/learn/registry';
import { serveLines, type LineTransportOptions } from '../serve/jsonLines';
import {
  DEFAULT_HELLO_SECONDS,
  DEFAULT_IDLE_SECONDS,
  DEFAULT_MAX_CONNECTIONS,
  MAX_LINE_BYTES,
  MAX_PENDING_OUTPUT_BYTES,
} from '../node/serveLimits';
import { ServeSession, type LearnerFactory } from '../serve/session';
import { integerOption, numberOption, parseArgs, usageOf, UsageError, type CommandSpec, type ParsedArgs } from './args';
import { commandEntry, EXIT_OK } from './exit';

const SERVE: CommandSpec = {
  name: 'serve',
  synopsis: ['[--port P --token T] [--state-dir DIR] [limits]'],
  description: 'The learner as a service: JSON lines on stdin/stdout (hello, predict, observe, summary, save).',
  options: {
    port: {
      kind: 'value',
      arg: 'P',
      help: 'listen on 127.0.0.1:P instead (P = 0 picks a free port, printed on stderr)',
    },
    token: { kind: 'value', arg: 'T', help: 'secret every TCP client must send in hello (required with --port)' },
    'state-dir': {
      kind: 'value',
      arg: 'DIR',
      help: "where state files live (default: the working directory); over TCP a hello's stateFile must be a plain file name inside DIR",
    },
    'max-connections': {
      kind: 'value',
      arg: 'N',
      help: `TCP connections served at once (default ${DEFAULT_MAX_CONNECTIONS}); more are refused`,
    },
    'idle-timeout': {
      kind: 'value',
      arg: 'S',
      help: `close a TCP connection silent for S seconds, saving it first (default ${DEFAULT_IDLE_SECONDS})`,
    },
    'hello-timeout': {
      kind: 'value',
      arg: 'S',
      help: `close a TCP connection without a successful hello after S seconds (default ${DEFAULT_HELLO_SECONDS})`,
    },
    'max-line-bytes': {
      kind: 'value',
      arg: 'B',
      help: `longest request line (default ${MAX_LINE_BYTES}); longer ones are refused unread`,
    },
  },
  footer: 'Protocol: docs/petsc.md and python/serve-protocol.schema.json; client: python/relax_client.py',
};
export const SERVE_USAGE = usageOf(SERVE);

interface ServeArgs {
  port?: number;
  token?: string;
  stateDir: string;
  maxConnections: number;
  idleMs: number;
  helloMs: number;
  maxLineBytes: number;
}

/** Seconds (fractions allowed) as milliseconds. */
function secondsIn(p: ParsedArgs, name: string, fallback: number): number {
  const v = numberOption(p, name, (x) => x > 0 && x <= 86400 * 365, 'a positive number of seconds');
  return Math.round((v ?? fallback) * 1000);
}

function parseServeArgs(args: string[]): ServeArgs {
  const p = parseArgs(args, SERVE.options);
  if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
  const out: ServeArgs = {
    stateDir: resolve(p.values.get('state-dir') ?? process.cwd()),
    maxConnections: integerOption(p, 'max-connections', 1, 100_000) ?? DEFAULT_MAX_CONNECTIONS,
    idleMs: secondsIn(p, 'idle-timeout', DEFAULT_IDLE_SECONDS),
    helloMs: secondsIn(p, 'hello-timeout', DEFAULT_HELLO_SECONDS),
    maxLineBytes: integerOption(p, 'max-line-bytes', 64, 64 * 1024 * 1024) ?? MAX_LINE_BYTES,
  };
  const values = { port: p.values.get('port'), token: p.values.get('token') };
  if (values.port !== undefined) out.port = integerOption(p, 'port', 0, 65535);
  if (values.token !== undefined) {
    if (values.token.length === 0) throw new UsageError('--token must not be empty');
    out.token = values.token;
  }
  if (out.port !== undefined && out.token === undefined)
    throw new UsageError('--port needs --token (TCP clients must authenticate)');
  if (out.port === undefined && out.token !== undefined) throw new UsageError('--token only applies with --port');
  let isDir = false;
  try {
    isDir = statSync(out.stateDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`--state-dir ${out.stateDir} is not a directory`);
  return out;
}

const registry: LearnerFactory = { create: createLearner, restore: restoreLearner };

function warn(message: string): void {
  process.stderr.write(`relax serve: ${message}\n`);
}

function serveTcp(port: number, token: string, args: ServeArgs): Promise<number> {
  const transport: LineTransportOptions = {
    maxLineBytes: args.maxLineBytes,
    overlong: 'close',
    idleMs: args.idleMs,
    helloMs: args.helloMs,
    maxPendingOutputBytes: MAX_PENDING_OUTPUT_BYTES,
  };
  return new Promise((resolveExit) => {
    let open = 0;
    const server = createServer((socket: Socket) => {
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      if (open >= args.maxConnections) {
        const refusal = {
          ok: false,
          type: null,
          error: `too many connections (the limit is ${args.maxConnections}); try again later`,
          line: 0,
        };
        lingerClose(socket, `${JSON.stringify(refusal)}\n`);
        return;
      }
      open++;
      const session = new ServeSession({
        factory: registry,
        token,
        stateDir: args.stateDir,
        stateNamesOnly: true,
        onWarning: warn,
      });
      void serveLines(socket, socket, session, transport).then(() => {
        open--;
        lingerClose(socket);
      });
    });
    server.on('error', (e) => {
      process.stderr.write(`relax serve: cannot listen on 127.0.0.1:${port}: ${e.message}\n`);
      resolveExit(1);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      process.stderr.write(`relax serve: listening on 127.0.0.1:${actual}\n`);
    });
    const stop = (): void => {
      server.close(() => resolveExit(0));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** Longest a closed connection keeps discarding what its client still sends (milliseconds). */
const LINGER_MS = 2000;

/**
 * Ends a connection without losing its last reply: half-closes after `last`, then reads and discards
 * whatever the client still sends until it ends too (or LINGER_MS pass). Closing at once while the
 * client is mid-write (a 64 MB line refused after 1 MiB) makes the kernel answer with a reset, and a
 * reset can discard the refusal before the client has read it.
 */
function lingerClose(socket: Socket, last?: string): void {
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  socket.on('data', () => undefined);
  socket.resume();
  if (last === undefined) socket.end();
  else socket.end(last);
}

/** `relax serve`: returns the process exit code. */
export const runServe = commandEntry('serve', async (args: string[]): Promise<number> => {
  const parsed = parseServeArgs(args);
  if (parsed.port !== undefined && parsed.token !== undefined) return serveTcp(parsed.port, parsed.token, parsed);
  const session = new ServeSession({ factory: registry, stateDir: parsed.stateDir, onWarning: warn });
  // stdio has one client, the user's own process: an overlong line is skipped, not fatal, and
  // there is no idle limit (a simulation step may take hours).
  await serveLines(process.stdin, process.stdout, session, {
    maxLineBytes: parsed.maxLineBytes,
    overlong: 'skip',
    maxPendingOutputBytes: MAX_PENDING_OUTPUT_BYTES,
  });
  return EXIT_OK;
});
