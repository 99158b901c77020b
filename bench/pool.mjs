// What the learning benches share: a worker pool over a job queue and the plain-text tables they print.
import { Worker } from 'node:worker_threads';

/**
 * Runs every job of `queue` on at most `size` workers of `workerFile`, each job in one message; resolves with
 * the results in completion order. `name(job)` labels the progress lines on stderr (`<tag>: <name> done in …`);
 * `announce` also prints when a job starts; `message(job)` is what is posted (default: the job itself).
 */
export function runPool(queue, size, workerFile, { tag, name, announce = false, message = (job) => job }) {
  return new Promise((resolveAll, rejectAll) => {
    const out = [];
    let next = 0;
    let active = 0;
    const startOne = (worker) => {
      if (next >= queue.length) {
        void worker.terminate();
        if (--active === 0) resolveAll(out);
        return;
      }
      const job = queue[next++];
      const t0 = performance.now();
      if (announce) process.stderr.write(`${tag}: ${name(job)} started\n`);
      worker.once('message', (msg) => {
        if (!msg.ok) {
          rejectAll(new Error(`${msg.id}: ${msg.error}`));
          return;
        }
        process.stderr.write(`${tag}: ${name(job)} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
        out.push(msg.result);
        startOne(worker);
      });
      worker.postMessage(message(job));
    };
    const n = Math.min(size, queue.length);
    active = n;
    for (let i = 0; i < n; i++) {
      const w = new Worker(workerFile);
      w.on('error', rejectAll);
      startOne(w);
    }
  });
}

/** Columns padded to their widest cell, two spaces apart; `left(i, n)` says which are left-aligned (default: the first). */
export function table(head, rows, left = (i) => i === 0) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) =>
    r
      .map((c, i) => (left(i, r.length) ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}
