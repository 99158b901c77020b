// `npm run test:vscode`: the extension-host API tests (test/vscode/suite) in VS Code desktop, downloaded by
// @vscode/test-electron into .vscode-test/. For contributors with internet access; CI runs the same suite
// inside code-server instead (test/e2e/hostTests.mjs), since CI cannot download VS Code.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const workspace = mkdtempSync(join(tmpdir(), 'relax-vscode-'));
cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });
writeFileSync(
  join(workspace, 'malformed.mtx'),
  '%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 4.0\n2 2 4.0\n3 x 4.0\n3 3 1.0\n',
);

try {
  await runTests({
    version: process.env.RELAX_VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(here, 'suite', 'index.js'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (err) {
  console.error(`VS Code extension-host tests failed: ${err instanceof Error ? err.message : String(err)}`);
  console.error(
    '(This downloads VS Code desktop into .vscode-test/; without internet, `npm run test:e2e` runs the same suite in code-server.)',
  );
  process.exit(1);
}
