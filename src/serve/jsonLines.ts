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
    lines.on('line', (text) => {
      if (finished || text.trim() === '') return;
      const { reply, close } = session.handleLine(text);
      output.write(`${JSON.stringify(reply)}\n`);
      if (close) {
        lines.close();
        finish();
      }
    });
    lines.on('close', finish);
  });
}
