/** A single self-overwriting status line on stderr, only when stderr is a terminal; throttled to 5 Hz. */
export interface ProgressLine {
  update(text: string): void;
  clear(): void;
}

export function progressLine(): ProgressLine {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  return {
    update(text: string) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[K${text}`);
    },
    clear() {
      if (tty && shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
