// Opens webview/preview.html in headless Chromium for each view and theme, checks that every chart
// canvas has drawn pixels, and saves full-page screenshots.
// Usage: node webview/tools/screenshot.mjs [outDir]   (needs dist/webview.js and /usr/bin/chromium)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const page = pathToFileURL(resolve(here, '..', 'preview.html')).href;
const out = resolve(process.argv[2] ?? '/tmp/relax-webview-shots');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failures = 0;
try {
  for (const view of ['single', 'learning', 'live']) {
    for (const theme of ['light', 'dark', 'hc']) {
      const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await p.goto(`${page}?view=${view}&theme=${theme}&n=200&interval=5`);
      await p.waitForSelector(`body[data-relax-view="${view === 'single' ? 'single' : 'learning'}"]`, { timeout: 10_000 });
      if (view === 'live') await p.waitForFunction(() => window.__liveDone === true, null, { timeout: 30_000 });
      await p.waitForTimeout(400);
      // Non-transparent pixels per visible canvas: an empty chart has (almost) none.
      const canvases = await p.evaluate(() =>
        [...document.querySelectorAll('canvas')]
          .filter((c) => c.offsetParent !== null && c.width > 1)
          .map((c) => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let inked = 0;
            for (let k = 3; k < d.length; k += 4) if (d[k] > 0) inked++;
            return { title: c.closest('figure')?.querySelector('h3')?.textContent ?? '?', width: c.width, height: c.height, inked };
          }),
      );
      const file = join(out, `${view}-${theme}.png`);
      await p.screenshot({ path: file, fullPage: true });
      const empty = canvases.filter((c) => c.inked < 50);
      if (empty.length > 0 || errors.length > 0 || canvases.length === 0) failures++;
      console.log(JSON.stringify({ view, theme, file, canvases, errors }));
      await p.close();
    }
  }
} finally {
  await browser.close();
}
process.exitCode = failures > 0 ? 1 : 0;
