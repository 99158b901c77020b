import { createServer, type Socket } from 'node:net';
import { createLearner, restoreLearner } from '../core/learn/registry';
import { serveLines } from '../serve/jsonLines';
import { ServeSession, type LearnerFactory } from '../serve/session';

export const SERVE_USAGE = `usage: relax serve [--port P --token T]
  The learner as a service: JSON lines on stdin/stdout (hello, predict, observe, summary, save).
  --port P    listen on 127.0.0.1:P instead (P = 0 picks a free port, printed on stderr)
  --token T   secret every TCP client must send in hello (required with --port)
  Protocol: docs/petsc.md and python/serve-protocol.schema.json; client: python/relax_client.py`;

interface ServeArgs {
  port?: number;
  token?: string;
}

class UsageError extends Error {}

function parseArgs(args: string[]): ServeArgs {
  const out: ServeArgs = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new UsageError(`--port must be an integer in 0..65535, got ${args[i]}`);
      out.port = p;
    } else if (arg === '--token') {
      out.token = value();
      if (out.token.length === 0) throw new UsageError('--token must not be empty');
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (out.port !== undefined && out.token === undefined) throw new UsageError('--port needs --token (TCP clients must authenticate)');
  if (out.port === undefined && out.token !== undefined) throw new UsageError('--token only applies with --port');
  return out;
}

const registry: LearnerFactory = { create: createLearner, restore: restoreLearner };

function warn(message: string): void {
  process.stderr.write(`relax serve: ${message}\n`);
}

function serveTcp(port: number, token: string): Promise<number> {
  return new Promise((resolveExit) => {
    const server = createServer((socket: Socket) => {
      socket.setNoDelay(true);
      const session = new ServeSession({ factory: registry, token, deferSaves: true, onWarning: warn });
      void serveLines(socket, socket, session).then(() => socket.end());
      socket.on('error', () => session.close());
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

/** `relax serve`: returns the process exit code. */
export async function runServe(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return 0;
  }
  let parsed: ServeArgs;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`relax serve: ${e.message}\n${SERVE_USAGE}\n`);
    return 2;
  }
  if (parsed.port !== undefined && parsed.token !== undefined) return serveTcp(parsed.port, parsed.token);
  const session = new ServeSession({ factory: registry, deferSaves: true, onWarning: warn });
  await serveLines(process.stdin, process.stdout, session);
  return 0;
}
