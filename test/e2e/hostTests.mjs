// The extension-host API tests of test/vscode/suite run inside code-server (VS Code 1.139.1) instead of a
// downloaded VS Code desktop: the web workbench takes `extensionDevelopmentPath`, `extensionTestsPath` and
// `extensionEnvironment` from its `payload` URL parameter (a built workbench only when code-server passes
// `--vscode-option enable-smoke-test-driver` through), and runs the suite in the server's extension host.
// The suite writes its outcome to RELAX_VSCODE_RESULTS, which this script waits for. Needs a dev build (dist/).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer, makeWorkspace } from './lib/codeServer.mjs';
import { repoRoot, requireEnvironment } from './lib/env.mjs';
import { MALFORMED_MATRIX } from './lib/fixtures.mjs';
import { leaveEvidence } from './lib/scenario.mjs';
import { launchBrowser, Workbench } from './lib/workbench.mjs';

/** Runs the suite; resolves to {passed, failed, passes, failures} as written by the suite. */
export async function runHostTests({ timeoutMs = 180_000 } = {}) {
  const paths = requireEnvironment();
  if (!existsSync(join(repoRoot, 'dist', 'extension.js')))
    throw new Error('dist/extension.js missing: run `npm run build` first');
  const server = new CodeServer(paths, { workspace: '' });
  server.workspace = makeWorkspace(server.root, { 'malformed.mtx': MALFORMED_MATRIX });
  const results = join(server.workspace, '.relax-host-test-results.json');
  const ctx = { server, wb: undefined };
  let browser;
  try {
    // A built workbench honours the payload's development options only with the smoke-test driver enabled.
    await server.start(undefined, ['--vscode-option', 'enable-smoke-test-driver']);
    const authority = `127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://${authority}${join(repoRoot, 'test', 'vscode', 'suite', 'index.js')}`],
      ['extensionEnvironment', JSON.stringify({ RELAX_VSCODE_RESULTS: results })],
    ];
    browser = await launchBrowser(paths.chromium);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    ctx.wb = new Workbench(page);
    // When the suite ends, the workbench closes its window (the browser's stand-in for the desktop host exiting).
    let pageClosed = false;
    page.once('close', () => (pageClosed = true));
    await page.goto(`${server.workspaceUrl()}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(results)) {
      if (Date.now() > deadline) throw new Error(`extension-host tests wrote no results within ${timeoutMs} ms`);
      if (pageClosed) {
        await new Promise((r) => setTimeout(r, 2000));
        if (!existsSync(results)) throw new Error('the workbench closed (test host ended) without writing results');
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 200));
    return JSON.parse(readFileSync(results, 'utf8'));
  } catch (err) {
    await leaveEvidence('FAILED-host-tests', ctx);
    throw err;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    if (!process.env.RELAX_E2E_KEEP) rmSync(server.root, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runHostTests();
  for (const p of r.passes ?? []) console.log(`ok - ${p}`);
  for (const f of r.failures ?? []) console.log(`not ok - ${f.title}: ${f.error}`);
  console.log(`# metrics ${JSON.stringify(r.metrics ?? {})}`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  process.exit(r.failed === 0 && r.passed > 0 ? 0 : 1);
}
