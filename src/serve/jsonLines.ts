import type { Readable, Writable } from 'node:stream';
import { LineSplitter } from './lineSplitter';
import { SAVE_INTERVAL_MS, type ServeSession } from './session';
import type { ServeReply } from './protocol';

/** How a connection's line stream is bounded. */
export interface LineTransportOptions {
  /** Longest input line in bytes; longer lines are refused without being buffered. */
  maxLineBytes: number;
  /** After an overlong line: `close` the connection (TCP) or `skip` to the next newline (stdio). */
  overlong: 'close' | 'skip';
  /** Close after this many milliseconds without input (TCP); the session is saved first. */
  idleMs?: number;
  /** Close when hello has not succeeded this many milliseconds after connecting (TCP). */
  helloMs?: number;
  /** Pause reading while more than this many reply bytes wait for the client to read them. */
  maxPendingOutputBytes?: number;
}

/** Why a connection ended. */
export type EndReason = 'input-ended' | 'auth-failed' | 'overlong' | 'idle' | 'hello-timeout';

/**
 * Runs one session over a byte stream of JSON lines: each input line gets exactly one reply
 * line, in order. Resolves (after the session saved its progress) when the input ends, the
 * session asks to close (failed authentication), or a limit of `options` ends the connection
 * (its error reply written first).
 */
export function serveLines(
  input: Readable,
  output: Writable,
  session: ServeSession,
  options: LineTransportOptions,
): Promise<EndReason> {
  return new Promise((resolveDone) => {
    const splitter = new LineSplitter(options.maxLineBytes);
    let finished = false;
    let quiet: NodeJS.Timeout | null = null;
    let idle: NodeJS.Timeout | null = null;
    let helloDeadline: NodeJS.Timeout | null = null;
    const write = (reply: ServeReply): void => {
      output.write(`${JSON.stringify(reply)}\n`);
    };
    const finish = (reason: EndReason): void => {
      if (finished) return;
      finished = true;
      for (const t of [quiet, idle, helloDeadline]) if (t) clearTimeout(t);
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onEnd);
      input.removeListener('close', onEnd);
      session.close();
      resolveDone(reason);
    };
    const refuseAndClose = (reason: EndReason, error: string): void => {
      write(session.refuseLine(error));
      finish(reason);
    };
    const armIdle = (): void => {
      if (options.idleMs === undefined) return;
      if (idle) clearTimeout(idle);
      idle = setTimeout(
        () => refuseAndClose('idle', `no input for ${options.idleMs} ms: connection closed (state saved)`),
        options.idleMs,
      );
    };
    // Unsaved observes (the save throttle was not yet due) reach the disk once the client has
    // been quiet for SAVE_INTERVAL_MS.
    const armQuiet = (): void => {
      if (quiet) clearTimeout(quiet);
      quiet = null;
      if (!session.needsFlush()) return;
      quiet = setTimeout(() => {
        quiet = null;
        if (!finished) session.flush();
      }, SAVE_INTERVAL_MS);
    };
    const onData = (chunk: Buffer | string): void => {
      if (finished) return;
      armIdle();
      for (const event of splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
        if (event.kind === 'overlong') {
          const error = `line longer than ${options.maxLineBytes} bytes: refused unread`;
          if (options.overlong === 'close') return refuseAndClose('overlong', `${error}; connection closed`);
          write(session.refuseLine(`${error}; skipped to the next newline`));
          continue;
        }
        if (event.text.trim() === '') continue;
        const { reply, close } = session.handleLine(event.text);
        write(reply);
        if (close) return finish('auth-failed');
        if (helloDeadline && session.started()) {
          clearTimeout(helloDeadline);
          helloDeadline = null;
        }
      }
      armQuiet();
      const limit = options.maxPendingOutputBytes;
      if (limit !== undefined && output.writableLength > limit) {
        input.pause();
        output.once('drain', () => {
          if (!finished) input.resume();
        });
      }
    };
    const onEnd = (): void => {
      const last = finished ? null : splitter.finish();
      if (last !== null && last.trim() !== '') write(session.handleLine(last).reply);
      finish('input-ended');
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onEnd);
    input.on('close', onEnd);
    armIdle();
    if (options.helloMs !== undefined) {
      helloDeadline = setTimeout(() => {
        if (!session.started())
          refuseAndClose('hello-timeout', `no successful hello within ${options.helloMs} ms: connection closed`);
      }, options.helloMs);
    }
  });
}
