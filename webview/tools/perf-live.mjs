// Cost of one live redraw of the learning view: times every animation-frame callback (each is one
// render of the panel) while the preview streams a run, at two sizes in the same browser, and
// prints the ratio so the number means something on a loaded machine.
// Usage: node webview/tools/perf-live.mjs [instances=5000] [messages=100]   (needs dist/webview.js)
import { chromium } from 'playwright-core';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const page = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'preview.html')).href;
const n = Number(process.argv[2] ?? 5000);
const messages = Number(process.argv[3] ?? 100);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});

async function run(instances) {
  const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await p.addInitScript(() => {
    window.__frames = [];
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) =>
      raf((ts) => {
        const t0 = performance.now();
        cb(ts);
        window.__frames.push(performance.now() - t0);
      });
  });
  const batch = Math.max(1, Math.ceil(instances / messages));
  await p.goto(`${page}?view=live&theme=dark&n=${instances}&interval=100&batch=${batch}`);
  await p.waitForFunction(() => window.__liveDone === true, null, { timeout: 300_000 });
  await p.waitForTimeout(300);
  // Callbacks under 0.5 ms are not renders (uPlot's own frame hooks).
  const inOrder = (await p.evaluate(() => window.__frames)).filter((t) => t > 0.5);
  await p.close();
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sorted = inOrder.slice().sort((a, b) => a - b);
  return {
    instances,
    renders: inOrder.length,
    medianMs: +median(inOrder).toFixed(1),
    p95Ms: +sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))].toFixed(1),
    // The end of the run, when the most records are drawn.
    lastQuarterMedianMs: +median(inOrder.slice(-Math.ceil(inOrder.length / 4))).toFixed(1),
  };
}

try {
  const small = await run(Math.max(50, Math.round(n / 10)));
  const large = await run(n);
  console.log(
    JSON.stringify({
      small,
      large,
      endOfRunRatio: +(large.lastQuarterMedianMs / small.lastQuarterMedianMs).toFixed(2),
      sizeRatio: n / small.instances,
    }),
  );
} finally {
  await browser.close();
}
