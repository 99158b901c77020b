// Serves the panel page exactly as the extension builds it (src/client/panelHtml.ts: same CSP with a
// nonce) plus the mock data of webview/preview.html, opens it in headless Chromium for each view and
// theme, checks that every chart canvas has drawn pixels and that nothing broke the CSP, and saves
// full-page screenshots.
// Usage: node webview/tools/screenshot.mjs [outDir]   (needs dist/webview.js and /usr/bin/chromium)
import { chromium } from 'playwright-core';
import * as esbuild from 'esbuild';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const out = resolve(process.argv[2] ?? '/tmp/relax-webview-shots');
mkdirSync(out, { recursive: true });

const origin = 'http://relax.test';
const built = await esbuild.build({
  entryPoints: [join(root, 'src/client/panelHtml.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
});
const { panelHtml } = await import(
  `data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`
);
const mock = /<script>([\s\S]*?)<\/script>/.exec(readFileSync(join(root, 'webview/preview.html'), 'utf8'))[1];
const script = readFileSync(join(root, 'dist/webview.js'));

/** The extension's page with the mock API script (given the nonce, as the CSP demands) before the bundle. */
function pageHtml() {
  const nonce = randomBytes(18).toString('base64');
  const html = panelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js` });
  return html.replace(
    `<script nonce="${nonce}" src=`,
    `<script nonce="${nonce}">${mock}</script>\n<script nonce="${nonce}" src=`,
  );
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
let failures = 0;
try {
  const cases = [
    ...['single', 'learning', 'live'].flatMap((view) =>
      ['light', 'dark', 'hc'].map((theme) => ({ view, theme, query: '' })),
    ),
    { view: 'facts', theme: 'dark', query: '' },
    { view: 'live', theme: 'light', query: '&start=0', name: 'live-from-empty' },
  ];
  for (const { view, theme, query, name } of cases) {
    {
      const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = [];
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await p.route(`${origin}/**`, (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/dist/webview.js') return route.fulfill({ body: script, contentType: 'text/javascript' });
        return route.fulfill({ body: pageHtml(), contentType: 'text/html' });
      });
      await p.goto(`${origin}/panel?view=${view}&theme=${theme}&n=200&interval=5${query}`);
      await p.waitForSelector(
        `body[data-relax-view="${view === 'single' || view === 'facts' ? 'single' : 'learning'}"]`,
        { timeout: 10_000 },
      );
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
            return {
              title: c.closest('figure')?.querySelector('h3')?.textContent ?? '?',
              width: c.width,
              height: c.height,
              inked,
            };
          }),
      );
      const file = join(out, `${name ?? view}-${theme}.png`);
      await p.screenshot({ path: file, fullPage: true });
      const empty = canvases.filter((c) => c.inked < 50);
      if (empty.length > 0 || errors.length > 0 || canvases.length === 0) failures++;
      console.log(JSON.stringify({ view: name ?? view, theme, file, canvases, errors }));
      await p.close();
    }
  }

  // Theme switch while open: the charts must redraw in the new colours.
  {
    const p = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await p.route(`${origin}/**`, (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/dist/webview.js') return route.fulfill({ body: script, contentType: 'text/javascript' });
      return route.fulfill({ body: pageHtml(), contentType: 'text/html' });
    });
    await p.goto(`${origin}/panel?view=single&theme=light`);
    await p.waitForSelector('body[data-relax-view="single"]');
    await p.waitForTimeout(300);
    const snap = () =>
      p.evaluate(() =>
        [...document.querySelectorAll('canvas')].map((c) => c.toDataURL().length + ':' + c.toDataURL().slice(-64)),
      );
    const before = await snap();
    await p.evaluate(() => window.__setTheme('dark'));
    await p.waitForTimeout(400);
    const after = await snap();
    const changed = before.filter((b, i) => b !== after[i]).length;
    await p.screenshot({ path: join(out, 'single-light-then-dark.png'), fullPage: true });
    if (changed < 2) failures++;
    console.log(JSON.stringify({ check: 'theme switch', canvases: before.length, redrawn: changed }));

    // Keyboard: Tab reaches every button and the tab headers; Enter on a tab header switches panels.
    const focused = [];
    for (let k = 0; k < 14; k++) {
      await p.keyboard.press('Tab');
      focused.push(
        await p.evaluate(() => {
          const a = document.activeElement;
          return a
            ? `${a.tagName.toLowerCase()}:${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 30)}`
            : 'none';
        }),
      );
    }
    const reached = (s) => focused.some((f) => f.includes(s));
    await p.focus('vscode-tab-header');
    await p.keyboard.press('ArrowRight');
    await p.keyboard.press('Enter');
    await p.waitForTimeout(200);
    const activeTab = await p.evaluate(() => document.querySelector('vscode-tab-header[active]')?.textContent?.trim());
    const dataTableShown = await p.evaluate(() =>
      [...document.querySelectorAll('table caption')].some(
        (c) => c.textContent === 'Solves' && c.closest('table').offsetParent !== null,
      ),
    );
    await p.screenshot({ path: join(out, 'single-data-tab.png'), fullPage: true });
    const keyboardOk =
      ['Re-run', 'Copy PETSc options', 'Export CSV', 'Export JSON', 'vscode-tab-header', 'PNG'].every(reached) &&
      activeTab === 'Data' &&
      dataTableShown;
    if (!keyboardOk) failures++;
    console.log(JSON.stringify({ check: 'keyboard', ok: keyboardOk, activeTab, dataTableShown, focused }));
    await p.close();
  }
} finally {
  await browser.close();
}
process.exitCode = failures > 0 ? 1 : 0;
