// Drives the VS Code workbench in Chromium through what a user sees: quick open, the command palette,
// code lenses, the Problems panel, notifications and webview panels.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot, slack } from './env.mjs';

const require = createRequire(join(repoRoot, 'package.json'));
const { chromium } = require('playwright-core');

/** Chromium flags: headless, no sandbox (root), and nothing that reaches for the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(executablePath) {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export class Workbench {
  constructor(page) {
    this.page = page;
  }

  /** Opens the workspace URL and waits until the explorer shows the folder. */
  async open(url, timeout = slack(90_000)) {
    await this.page.goto(url);
    await this.page.waitForSelector('.monaco-workbench', { timeout });
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout });
  }

  async closeNotifications() {
    await this.page.evaluate(() => {
      for (const b of document.querySelectorAll(
        '.notifications-toasts .codicon-notifications-clear-all, .notification-toast .codicon-close',
      )) {
        b.click();
      }
    });
  }

  /**
   * Opens a top-level workspace file by name, as a user would: a click on its row in the Explorer, or Quick
   * Open (Ctrl+P) when the row is not shown; waits for its editor tab to be active.
   */
  async openFile(name, timeout = slack(30_000)) {
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: name });
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
    if (await row.isVisible().catch(() => false)) {
      await row.click();
      try {
        await tab.first().waitFor({ state: 'visible', timeout: slack(10_000) });
        return;
      } catch {
        // fall back to Quick Open
      }
    }
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: slack(5000) });
      await input.fill(name);
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: slack(3000) });
        await this.page.keyboard.press('Enter');
        await this.page
          .locator('.tabs-container .tab.active', { hasText: name })
          .waitFor({ state: 'visible', timeout: slack(10_000) });
        return;
      } catch {
        // the file search index may still be building right after startup: close and try again
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(500);
      }
    }
    throw new Error(`could not open ${name} through Quick Open`);
  }

  /** Runs a command by its palette title (exact text before any keybinding); fails if it is not offered. */
  async runCommand(title, timeout = slack(15_000)) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: slack(5000) });
    await input.fill(`>${title}`);
    const row = this.page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: title }) })
      .first();
    await row.waitFor({ state: 'visible', timeout });
    await row.click();
    await input.waitFor({ state: 'hidden', timeout: slack(5000) }).catch(() => {});
  }

  /** Switches the colour theme through `Preferences: Color Theme`, as a user would. */
  async setColorTheme(name) {
    await this.runCommand('Preferences: Color Theme');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: slack(5000) });
    await input.fill(name);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: slack(5000) });
    await this.page.keyboard.press('Enter');
    const dark = /dark/i.test(name);
    await this.page.waitForFunction(
      (wantDark) => {
        const wb = document.querySelector('.monaco-workbench');
        return !!wb && wb.classList.contains('vs-dark') === wantDark;
      },
      dark,
      { timeout: slack(10_000) },
    );
  }

  /** Texts of the notification toasts currently shown. */
  async notificationTexts() {
    // The message element only: a toast's own textContent also carries the list's inline <style>.
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.notification-toast')].map(
        (e) => (e.querySelector('.notification-list-item-message') ?? e).textContent ?? '',
      ),
    );
  }

  /** Texts of the code lenses currently shown in the active editor. */
  async lensTexts() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.editor-group-container.active .codelens-decoration')].map(
        (e) => e.textContent ?? '',
      ),
    );
  }

  /** Waits until the page title contains `text` (a `window.title` setting written with others has taken effect). */
  async waitForTitle(text, timeout = slack(60_000)) {
    await this.page.waitForFunction((t) => document.title.includes(t), text, { timeout });
  }

  /** Waits for a code lens whose text matches `pattern` in the active editor and returns that text. */
  async waitForLens(pattern, timeout = slack(60_000)) {
    const deadline = Date.now() + timeout;
    let last = [];
    while (Date.now() < deadline) {
      last = await this.lensTexts();
      const hit = last.flatMap((t) => t.split('|').map((s) => s.trim())).find((t) => pattern.test(t));
      if (hit) return hit;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no code lens matching ${pattern} within ${timeout} ms; lenses: ${JSON.stringify(last)}`);
  }

  /** Clicks the code lens link whose text matches `pattern`. */
  async clickLens(pattern) {
    const link = this.page
      .locator('.editor-group-container.active .codelens-decoration a', { hasText: pattern })
      .first();
    await link.click();
  }

  /** Messages of visible notification toasts. */
  async notifications() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.notification-toast .notification-list-item')].map((e) => e.textContent ?? ''),
    );
  }

  /** True while the workbench shows some progress: a progress notification, status bar or panel progress bar. */
  async progressVisible() {
    return this.page.evaluate(() => {
      const visible = (e) => e instanceof HTMLElement && e.offsetParent !== null;
      const bars = [
        ...document.querySelectorAll('.monaco-progress-container.active, .monaco-progress-container.infinite'),
      ];
      const status = [
        ...document.querySelectorAll(
          '.statusbar-item .codicon-loading, .statusbar-item .codicon-sync~spin, .statusbar-item .codicon-modifier-spin',
        ),
      ];
      return bars.some(visible) || status.some(visible);
    });
  }

  /** Opens the Problems panel and returns its rows' texts (each includes `[Ln N, Col M]`). */
  async problems() {
    await this.runCommand('Problems: Focus on Problems View');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: slack(10_000) });
    return this.page.evaluate(() =>
      [...document.querySelectorAll('.markers-panel .monaco-list-row')].map(
        (e) => e.getAttribute('aria-label') || e.textContent || '',
      ),
    );
  }

  /** The document frame of the visible report webview (VS Code nests it in two iframes; its <title> is `Relax report`). */
  async reportFrame(timeout = slack(30_000)) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const handle of await this.page.$$('iframe.webview')) {
        const box = await handle.boundingBox();
        if (!box || box.width === 0 || box.height === 0) continue;
        const outer = await handle.contentFrame();
        for (const inner of outer?.childFrames() ?? []) {
          try {
            if ((await inner.title()) === 'Relax report') return inner;
          } catch {
            // still navigating
          }
        }
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no visible "Relax report" webview within ${timeout} ms`);
  }

  /** If a command asked something through the quick input (a pick or a simple file dialog), answers with `text`. */
  async answerPrompt(text, timeout = slack(2000)) {
    const input = this.page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ state: 'visible', timeout });
    } catch {
      return false;
    }
    if (/name of a command/i.test((await input.getAttribute('placeholder')) ?? '')) return false;
    const current = await input.inputValue();
    // A simple file dialog starts with the folder path; a pick list starts empty.
    await input.fill(current.endsWith('/') ? current + text : text);
    await this.page.waitForTimeout(500);
    await this.page.keyboard.press('Enter');
    return true;
  }

  /** For each canvas in the frame: size and how many pixels differ from the canvas's most common colour. */
  static async canvasInk(frame) {
    return (await Workbench.panelSnapshot(frame)).canvases;
  }

  /**
   * The report panel's status line (`data-status`, text) and every canvas's ink, read in one task of the
   * webview: two reads could straddle a message and pair the last live frame's chart with the final status.
   */
  static async panelSnapshot(frame) {
    return frame.evaluate(() => {
      const canvases = [...document.querySelectorAll('canvas')].map((c) => {
        const out = { width: c.width, height: c.height, ink: 0, colours: 0 };
        if (c.width === 0 || c.height === 0) return out;
        const ctx = c.getContext('2d');
        if (!ctx) return out;
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        const counts = new Map();
        for (let i = 0; i < data.length; i += 4) {
          const key = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        let most = 0;
        for (const n of counts.values()) most = Math.max(most, n);
        out.ink = data.length / 4 - most;
        out.colours = counts.size;
        return out;
      });
      const line = document.querySelector('[role="status"]');
      return { canvases, status: line?.getAttribute('data-status') ?? undefined, text: line?.textContent ?? '' };
    });
  }

  async screenshot(path) {
    await this.page.screenshot({ path });
  }
}
