// Runs one named scenario: times it, screenshots it (light, and dark when asked), and on failure leaves
// the screenshot and the code-server log under test/e2e/screenshots/ before rethrowing.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './env.mjs';

export const screenshotDir = join(repoRoot, 'test', 'e2e', 'screenshots');

/** Seconds per scenario, written to screenshots/timings.json at the end of the run. */
export const timings = {};

export function slug(name) {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * @param {string} name
 * @param {{wb: import('./workbench.mjs').Workbench, server: import('./codeServer.mjs').CodeServer}} ctx
 * @param {() => Promise<void>} body
 */
export async function runScenario(name, ctx, body) {
  mkdirSync(screenshotDir, { recursive: true });
  const t0 = performance.now();
  try {
    await body();
    timings[name] = Number(((performance.now() - t0) / 1000).toFixed(2));
    console.log(`# e2e ${name}: ${timings[name]} s`);
  } catch (err) {
    timings[name] = `failed after ${((performance.now() - t0) / 1000).toFixed(2)} s`;
    await leaveEvidence(`FAILED-${slug(name)}`, ctx);
    throw err;
  }
}

/** Screenshot plus a copy of the server log, for diagnosing a failure after the throwaway dirs are gone. */
export async function leaveEvidence(label, ctx) {
  mkdirSync(screenshotDir, { recursive: true });
  try {
    await ctx.wb?.screenshot(join(screenshotDir, `${label}.png`));
  } catch (e) {
    console.error(`# could not take screenshot ${label}: ${e.message}`);
  }
  if (ctx.server && existsSync(ctx.server.logFile))
    copyFileSync(ctx.server.logFile, join(screenshotDir, `${label}-code-server.log`));
  console.error(`# evidence left in ${screenshotDir}/${label}.png and ${label}-code-server.log`);
}

export function writeTimings(extra = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  writeFileSync(join(screenshotDir, 'timings.json'), JSON.stringify({ ...extra, scenarios: timings }, null, 2));
}
