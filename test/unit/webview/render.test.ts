// The bundled panel in headless Chromium, served with the extension's real CSP: every view draws
// pixels in every chart, in light and dark themes, without CSP violations or page errors, and the
// buttons post the messages the host expects. Needs Debian's chromium (scripts/debian-packages.txt).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANG_GUARD_MS } from '../../hangGuard';
import { panelHtml } from '../../../src/client/panelHtml';

const root = resolve(__dirname, '..', '..', '..');
const origin = 'http://relax.test';
const chromiumPath = process.env.RELAX_CHROMIUM ?? '/usr/bin/chromium';

let browser: Browser;
let bundle: string;
let mock: string;

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(
      `${chromiumPath} not found: install Debian's chromium (scripts/debian-packages.txt) or set RELAX_CHROMIUM`,
    );
  const built = await esbuild.build({
    entryPoints: [join(root, 'webview/main.ts')],
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    loader: { '.css': 'text' },
    write: false,
    logLevel: 'silent',
  });
  bundle = built.outputFiles[0].text;
  mock = /<script>([\s\S]*?)<\/script>/.exec(readFileSync(join(root, 'webview/preview.html'), 'utf8'))?.[1] ?? '';
  expect(mock).toContain('acquireVsCodeApi');
  browser = await chromium.launch({
    executablePath: chromiumPath,
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
});

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  errors: string[];
}

/** The page exactly as ReportPanel builds it, with the preview's mock API inserted under the same nonce. */
async function open(query: string, width = 1100, savedState?: unknown): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  // What a hidden panel's webview saved before it was destroyed, for the one that replaces it.
  if (savedState !== undefined)
    await page.addInitScript(
      (s) => ((window as unknown as { __initialState: unknown }).__initialState = s),
      savedState,
    );
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.route(`${origin}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/dist/webview.js') return route.fulfill({ body: bundle, contentType: 'text/javascript' });
    const nonce = randomBytes(18).toString('base64');
    const html = panelHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview.js` });
    return route.fulfill({
      body: html.replace(
        `<script nonce="${nonce}" src=`,
        `<script nonce="${nonce}">${mock}</script>\n<script nonce="${nonce}" src=`,
      ),
      contentType: 'text/html',
    });
  });
  await page.goto(`${origin}/panel?${query}`);
  return { page, errors };
}

/** Per visible canvas: pixels that differ from the canvas's most common colour (0 = blank). */
async function canvasInk(page: Page): Promise<{ title: string; ink: number }[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('canvas'))
      .filter((c) => c.offsetParent !== null && c.width > 1 && c.height > 1)
      .map((c) => {
        const d = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
        const freq = new Map<number, number>();
        for (let k = 0; k < d.length; k += 4) {
          const key = ((d[k] << 24) | (d[k + 1] << 16) | (d[k + 2] << 8) | d[k + 3]) >>> 0;
          freq.set(key, (freq.get(key) ?? 0) + 1);
        }
        const common = Math.max(...freq.values());
        return { title: c.closest('figure')?.querySelector('h3')?.textContent ?? '?', ink: d.length / 4 - common };
      }),
  );
}

describe.each(['light', 'dark'])('report panel in the %s theme', (theme) => {
  it('single matrix: residuals, tuning curve and spy plot draw; facts table is there', async () => {
    const { page, errors } = await open(`view=single&theme=${theme}`);
    await page.waitForSelector('body[data-relax-view="single"]');
    await page.waitForTimeout(200);
    const ink = await canvasInk(page);
    expect(ink.map((c) => c.title)).toEqual(['Residual history', 'Iterations versus ω', 'Sparsity pattern']);
    for (const c of ink) expect(c.ink, c.title).toBeGreaterThan(200);
    expect(await page.locator('table caption', { hasText: 'Matrix facts' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('learning: cumulative, ω per instance, ω vs context and heat map draw; totals table lists every series', async () => {
    const { page, errors } = await open(`view=learning&theme=${theme}&n=300`);
    await page.waitForSelector('body[data-relax-view="learning"]');
    await page.waitForTimeout(200);
    const ink = await canvasInk(page);
    expect(ink.map((c) => c.title)).toEqual([
      'Cumulative iterations',
      'ω per instance',
      'ω versus context',
      'Iterations over instance and ω',
    ]);
    for (const c of ink) expect(c.ink, c.title).toBeGreaterThan(200);
    const firstColumn = await page.locator('.totals').first().locator('tbody th').allTextContents();
    expect(firstColumn).toEqual([
      'tsallis-inf-cb (learner)',
      'ω = 1',
      'Young ω*',
      'best fixed ω (hindsight)',
      'instance-optimal ω (hindsight, per instance)',
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('report panel behaviour', () => {
  it('a PNG exported at 480 px puts the legend in rows under the title, so all 5 series are in the image', async () => {
    const { page, errors } = await open('view=learning&theme=light&n=300', 480);
    await page.waitForSelector('body[data-relax-view="learning"]');
    const chartHeight = await page
      .locator('figure[aria-label="Cumulative iterations"] canvas')
      .first()
      .evaluate((c) => (c as HTMLCanvasElement).height);
    await page.locator('vscode-button[aria-label="Export Cumulative iterations as PNG"]').click();
    const png = await page.waitForFunction(
      () =>
        (window as unknown as { __posted: { format?: string; content?: string }[] }).__posted.find(
          (m) => m.format === 'png',
        )?.content,
    );
    const url = (await png.jsonValue()) as string;
    const height = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return img.height;
    }, url);
    // Title line (28 px) plus two legend rows (20 px each) at device pixel ratio 1: five entries do not fit one 480 px row.
    expect(height - chartHeight).toBe(28 + 2 * 20);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('at a side-by-side width (480 px) the totals table fits: every column visible, nothing clipped', async () => {
    const { page, errors } = await open('view=learning&theme=light&n=300', 480);
    await page.waitForSelector('body[data-relax-view="learning"]');
    const [table, host] = await page
      .locator('.totals')
      .first()
      .evaluate((el) => [el.querySelector('table')?.scrollWidth ?? -1, el.clientWidth]);
    expect(table).toBeLessThanOrEqual(host);
    const headers = await page.locator('.totals').first().locator('thead th').allTextContents();
    expect(headers).toEqual(['Method', 'Iterations', 'Extra sweeps', 'Cost', 'Not converged', 'Ratio to learner']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a live run from an empty report ends with every instance in the table and the status line', async () => {
    const { page, errors } = await open('view=live&theme=dark&n=120&interval=5&start=0');
    await page.waitForFunction(() => (window as unknown as { __liveDone?: boolean }).__liveDone === true, null, {
      timeout: HANG_GUARD_MS,
    });
    await page.waitForTimeout(400);
    expect(await page.locator('.totals').first().locator('caption').textContent()).toMatch(
      /^Totals, 120 instances each/,
    );
    expect(await page.locator('.status').textContent()).toContain('Finished 120 instances');
    for (const c of await canvasInk(page)) expect(c.ink, c.title).toBeGreaterThan(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('after Cancel of an attach panel the status line reads "Cancelled: stopped following; …" (words apart)', async () => {
    const { page, errors } = await open('view=learning&theme=light');
    await page.waitForSelector('body[data-relax-view="learning"]');
    await page.evaluate(() =>
      window.postMessage(
        { type: 'status', status: 'cancelled', message: 'stopped following; the simulation is not affected' },
        '*',
      ),
    );
    await page.waitForSelector('.status[data-status="cancelled"]');
    expect(await page.locator('.status').textContent()).toBe(
      'Cancelled: stopped following; the simulation is not affected',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the open tab and the scroll position when the panel is hidden and shown again (the webview reloads)', async () => {
    const first = await open('view=single&theme=light', 480);
    await first.page.waitForSelector('body[data-relax-view="single"]');
    await first.page.locator('vscode-tab-header', { hasText: 'Data' }).click();
    await first.page.evaluate(() => window.scrollTo(0, 250));
    const saved = await first.page.waitForFunction(() => {
      const s = (window as unknown as { __state?: { view?: { tab: number; scrollY: number } } }).__state;
      return s?.view?.tab === 1 && s.view.scrollY === 250 ? s : undefined;
    });
    const state: unknown = await saved.jsonValue();
    await first.page.close();
    const again = await open('view=single&theme=light', 480, state);
    await again.page.waitForSelector('body[data-relax-view="single"]');
    await again.page.waitForFunction(
      () => document.querySelector('vscode-tabs')?.getAttribute('selected-index') === '1' && window.scrollY === 250,
    );
    expect(await again.page.evaluate(() => window.scrollY)).toBe(250);
    expect(again.errors).toEqual([]);
    await again.page.close();
  });

  it('buttons post ready, export (CSV text, PNG data URL) and copy commands to the host', async () => {
    const { page, errors } = await open('view=single&theme=light');
    await page.waitForSelector('body[data-relax-view="single"]');
    await page.getByText('Export CSV').click();
    await page.locator('vscode-button[aria-label="Export Residual history as PNG"]').click();
    await page.getByText('Copy PETSc options').click();
    // `drawn` acknowledges each draw (the host's pacing); the buttons' commands are the rest.
    const commands = (): Promise<{ type: string; format?: string; suggestedName?: string; content?: string }[]> =>
      page.evaluate(() =>
        (
          window as unknown as {
            __posted: { type: string; format?: string; suggestedName?: string; content?: string }[];
          }
        ).__posted.filter((m) => m.type !== 'drawn'),
      );
    const posted = await commands();
    expect(posted.map((m) => m.type)).toEqual(['ready', 'export', 'export', 'copyPetsc']);
    expect(posted[1]).toMatchObject({ format: 'csv', suggestedName: 'gr_30_30-report.csv' });
    expect(posted[1].content?.split('\n')[0]).toBe('kind,label,omega,iteration,value,converged');
    expect(posted[2]).toMatchObject({ format: 'png', suggestedName: 'gr_30_30-report-residual-history.png' });
    expect(posted[2].content?.startsWith('data:image/png;base64,')).toBe(true);
    // Cancel is disabled for a finished run, so clicking it posts nothing.
    await page.getByText('Cancel').click({ force: true });
    expect(await commands()).toHaveLength(4);
    expect(errors).toEqual([]);
    await page.close();
  });
});
