import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { SAVE_INTERVAL_MS, type ServeSession } from './session';

/**
 * Runs one session over a line stream: each input line gets exactly one reply line, in order.
 * Resolves when the input ends (the session's unsaved progress is saved first) or when the
 * session asks to close (failed authentication).
 */
export function serveLines(input: Readable, output: Writable, session: ServeSession): Promise<void> {
  return new Promise((resolveDone) => {
    const lines = createInterface({ input, crlfDelay: Infinity });
    let finished = false;
    let flushScheduled = false;
    let trailing: NodeJS.Timeout | null = null;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      if (trailing) clearTimeout(trailing);
      session.close();
      resolveDone();
    };
    // A throttled save that is not yet due still happens, SAVE_INTERVAL_MS later, even if the
    // client goes quiet.
    const scheduleTrailing = (): void => {
      if (trailing || !session.needsFlush()) return;
      trailing = setTimeout(() => {
        trailing = null;
        if (!finished) session.flush(true);
      }, SAVE_INTERVAL_MS);
    };
    const flush = (): void => {
      flushScheduled = false;
      if (finished) return;
      session.flush();
      scheduleTrailing();
    };
    lines.on('line', (text) => {
      if (finished || text.trim() === '') return;
      const { reply, close } = session.handleLine(text);
      output.write(`${JSON.stringify(reply)}\n`);
      // Disk writes after the reply, once the lines already received are answered: a client
      // pipelining observe + predict gets both replies before the state file is written, and
      // the next chunk of input is read only after it is.
      if (!flushScheduled && session.needsFlush()) {
        flushScheduled = true;
        setImmediate(flush);
      }
      if (close) {
        lines.close();
        finish();
      }
    });
    lines.on('close', finish);
  });
}
