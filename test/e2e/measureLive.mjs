// Measures how far the editor lags behind a learning run (not a test: prints numbers, asserts nothing).
// node test/e2e/measureLive.mjs [--cancel-at=SECONDS]
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer, makeWorkspace, packageVsix } from './lib/codeServer.mjs';
import { requireEnvironment } from './lib/env.mjs';
import { launchBrowser, Workbench } from './lib/workbench.mjs';

const cancelAt = Number((process.argv.find((a) => a.startsWith('--cancel-at=')) ?? '=0').split('=')[1]);
const SPEC = 'paper-beta-2-6.relax.json';
const paths = requireEnvironment();
const pkg = packageVsix();
const server = new CodeServer(paths, { workspace: '' });
server.workspace = makeWorkspace(server.root, {});
server.setTheme('light', {});
server.installExtension(pkg.vsix);
await server.start();
const browser = await launchBrowser(paths.chromium);
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const wb = new Workbench(page);
const consoleLines = [];
const tc = Date.now();
page.on('console', (m) =>
  consoleLines.push(`${((Date.now() - tc) / 1000).toFixed(1)} ${m.type()} ${m.text().slice(0, 160)}`),
);
page.on('requestfinished', (r) => {
  if (/webview|vscode-resource|service-worker|fake\.html|index\.html/.test(r.url()))
    consoleLines.push(`${((Date.now() - tc) / 1000).toFixed(1)} request ${r.url().slice(-90)}`);
});
await wb.open(server.workspaceUrl());
await wb.openFile(SPEC);
await page.waitForTimeout(5000);
await page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries())
      window.__long.push([
        e.startTime,
        e.duration,
        e.attribution?.[0]?.containerSrc?.slice(-40) ?? e.attribution?.[0]?.name,
      ]);
  }).observe({ type: 'longtask' });
});
const saved = join(server.workspace, '.relax', `${SPEC}.learn-auto.json`);
const before = existsSync(saved) ? statSync(saved).mtimeMs : 0;
const t0 = Date.now();
await wb.runCommand('Relax: Learn ω Across a Sequence…');
const log = [];
let serverDone;
let frame;
let palette;
let cancelled;
for (;;) {
  const t = (Date.now() - t0) / 1000;
  if (!serverDone && existsSync(saved) && statSync(saved).mtimeMs > before)
    serverDone = (statSync(saved).mtimeMs - t0) / 1000;
  const toast = (await wb.notificationTexts()).join(' | ');
  const f0 = Date.now();
  if (!frame) for (const f of page.frames()) if ((await f.title().catch(() => '')) === 'Relax report') frame = f;
  const lookup = (Date.now() - f0) / 1000;
  const frames = page.frames().map((f) => f.url().replace(/^.*\//, '').slice(0, 30));
  const panel = frame
    ? await frame
        .evaluate(() => {
          const l = document.querySelector('[role="status"]');
          return { status: l?.getAttribute('data-status'), text: l?.textContent ?? '' };
        })
        .catch(() => ({}))
    : {};
  log.push({
    t,
    lookup,
    frames: frames.length,
    frameUrls: frames.slice(1).join(' '),
    evaluate: (Date.now() - f0) / 1000 - lookup,
    toast: /(\d+) of/.exec(toast)?.[1],
    panel: /(\d+) of/.exec(panel.text ?? '')?.[1],
    status: panel.status,
    toastText: toast.slice(0, 120),
  });
  if (process.env.SHOT && !globalThis.shot && log.some((l) => l.toast)) {
    globalThis.shot = true;
    await page.screenshot({ path: process.env.SHOT });
  }
  if (palette === undefined && t > 4) {
    const p0 = Date.now();
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    palette = (Date.now() - p0) / 1000;
    await page.keyboard.press('Escape');
  }
  if (cancelAt > 0 && cancelled === undefined && t >= cancelAt && frame) {
    cancelled = t;
    await frame.locator('vscode-button', { hasText: 'Cancel' }).first().click();
  }
  if (panel.status && panel.status !== 'running' && t > 1) break;
  if (t > 180) break;
  await page.waitForTimeout(250);
}
const end = (Date.now() - t0) / 1000;
await page.waitForTimeout(3000);
const finalText = frame ? await frame.evaluate(() => document.querySelector('[role="status"]')?.textContent) : '';
const long = await page.evaluate(() => window.__long);
const byWho = {};
for (const [, d, w] of long) byWho[w] = (byWho[w] ?? 0) + d;
console.log(JSON.stringify(byWho));
const longSum = long.reduce((s, [, d]) => s + d, 0) / 1000;
const longMax = long.reduce((m, [, d]) => Math.max(m, d), 0);
for (const l of log) console.log(JSON.stringify(l));
console.log(
  JSON.stringify({
    serverDone,
    panelEnded: end,
    palette,
    cancelled,
    finalText,
    longTasks: long.length,
    longSum,
    longMax,
    lastLog: log.at(-1),
  }),
);
if (process.env.CONSOLE) console.log(consoleLines.join('\n'));
await browser.close();
await server.stop();
