import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ServeSession } from './session';

/**
 * Runs one session over a line stream: each input line gets exactly one reply line, in order.
 * Resolves when the input ends (the session's unsaved progress is saved first) or when the
 * session asks to close (failed authentication).
 */
export function serveLines(input: Readable, output: Writable, session: ServeSession): Promise<void> {
  return new Promise((resolveDone) => {
    const lines = createInterface({ input, crlfDelay: Infinity });
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      session.close();
      resolveDone();
    };
    let flushScheduled = false;
    const flush = (): void => {
      flushScheduled = false;
      if (!finished) session.flush();
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
