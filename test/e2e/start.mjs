// `npm start`: installs the local VS Code (code-server, cached), builds and packages the extension, installs
// the VSIX, opens a copy of samples/ and prints the URL. Runs in the foreground until Ctrl-C.
// RELAX_PORT picks the port (default 8080); RELAX_START_NO_SETUP=1 skips scripts/e2e-setup.sh.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CodeServer, makeWorkspace, packageVsix } from './lib/codeServer.mjs';
import { repoRoot, requireEnvironment } from './lib/env.mjs';

function step(text) {
  console.log(`\x1b[1m» ${text}\x1b[0m`);
}

if (!process.env.RELAX_START_NO_SETUP) {
  step('Installing the local VS Code (code-server) if needed: bash scripts/e2e-setup.sh');
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'e2e-setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('scripts/e2e-setup.sh failed; see above.');
    process.exit(1);
  }
}
const paths = requireEnvironment();

step('Building and packaging the extension: npm run package');
const pkg = packageVsix();
console.log(`  ${pkg.vsix} (${(pkg.bytes / 1024).toFixed(0)} KiB)`);

// A stable home so results (.relax/) in the workspace survive restarts of `npm start`; samples are refreshed.
const home = join(process.env.RELAX_E2E_CACHE || join(homedir(), '.cache', 'relax-e2e'), 'start');
mkdirSync(home, { recursive: true });
const server = new CodeServer(paths, { root: home, workspace: '' });
server.workspace = makeWorkspace(home);

step('Installing the VSIX into the local VS Code');
server.installExtension(pkg.vsix);

const port = Number(process.env.RELAX_PORT || 8080);
step(`Starting code-server on 127.0.0.1:${port}`);
try {
  await server.start(port);
} catch (err) {
  console.error(err instanceof Error ? err.message.split('\n')[0] : String(err));
  console.error(`Is port ${port} in use? Try RELAX_PORT=8181 npm start. Log: ${server.logFile}`);
  process.exit(1);
}
console.log(`
  Relax is running. Open this URL in a browser:

      ${server.workspaceUrl()}

  Open gr_30_30.mtx and click "Tune ω (SOR)" above the first line.
  Workspace: ${server.workspace}   Log: ${server.logFile}
  Ctrl-C to stop.
`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
const { code, signal } = await server.exited;
if (!stopping) {
  console.error(`code-server exited (${signal ?? code}); log: ${server.logFile}`);
  process.exit(1);
}
