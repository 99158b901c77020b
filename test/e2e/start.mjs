// `npm start`: installs the local VS Code (code-server, cached), builds and packages the extension, installs
// the VSIX, opens a copy of samples/ and prints the URL. Runs in the foreground until Ctrl-C, which stops
// everything it started. Port 8080 unless taken (then a free one, said so); RELAX_PORT asks for a port.
// `npm start -- --smoke`: the same install and start, then checks that the workbench answers and that Relax
// is installed in it, stops everything and exits 0 (CI runs this). RELAX_START_NO_SETUP=1 skips the setup.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CodeServer, freePort, makeWorkspace, packageVsix, portIsFree } from './lib/codeServer.mjs';
import { cleanEnv, repoRoot, requireEnvironment } from './lib/env.mjs';

const EXTENSION_ID = 'relax-numerics.relax-sor';
const DEFAULT_PORT = 8080;
const smoke = process.argv.includes('--smoke');
const t0 = performance.now();

function step(text) {
  console.log(`\x1b[1m» ${text}\x1b[0m`);
}
const seconds = (from) => ((performance.now() - from) / 1000).toFixed(1);

/** Prints one paragraph on what failed and what to do, then exits 1. */
function fail(what, todo) {
  console.error(`\nnpm start failed: ${what}\n${todo}`);
  process.exit(1);
}

/** The requested port, or 8080, or (when 8080 is taken) a free one; says which. */
async function choosePort() {
  if (process.env.RELAX_PORT) {
    const port = Number(process.env.RELAX_PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      fail(`RELAX_PORT=${process.env.RELAX_PORT} is not a port number.`, 'Use an integer in 1-65535, or unset it.');
    if (!(await portIsFree(port)))
      fail(
        `port ${port} (RELAX_PORT) is in use.`,
        'Pick another RELAX_PORT, or unset it to let npm start choose a free port.',
      );
    return port;
  }
  if (await portIsFree(DEFAULT_PORT)) return DEFAULT_PORT;
  const port = await freePort();
  console.log(`  port ${DEFAULT_PORT} is in use; using ${port} instead`);
  return port;
}

if (!process.env.RELAX_START_NO_SETUP) {
  const t = performance.now();
  step('Installing the local VS Code (code-server) if needed: bash scripts/e2e-setup.sh');
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'e2e-setup.sh')], { stdio: 'inherit', env: cleanEnv() });
  if (r.status !== 0)
    fail(
      'scripts/e2e-setup.sh did not finish (its message is above).',
      'Fix what it names, then run npm start again; the finished pieces are cached.',
    );
  console.log(`  setup: ${seconds(t)} s`);
}
let paths;
try {
  paths = requireEnvironment();
} catch (err) {
  fail(err.message, 'Run npm start without RELAX_START_NO_SETUP, or bash scripts/e2e-setup.sh.');
}

step('Building and packaging the extension: npm run package');
const tPackage = performance.now();
let pkg;
try {
  pkg = packageVsix();
} catch (err) {
  fail(`packaging the extension failed.\n${err.message}`, 'Run npm run package to see the build error.');
}
console.log(`  ${pkg.vsix} (${(pkg.bytes / 1024).toFixed(0)} KiB) in ${seconds(tPackage)} s`);

// A stable home so results (.relax/) in the workspace survive restarts of `npm start`; samples are refreshed.
// The smoke check uses its own folder so it never touches a user's workspace.
const cache = process.env.RELAX_E2E_CACHE || join(homedir(), '.cache', 'relax-e2e');
const home = join(cache, smoke ? 'start-smoke' : 'start');
mkdirSync(home, { recursive: true });
const server = new CodeServer(paths, { root: home, workspace: '' });
server.workspace = makeWorkspace(home);

step('Installing the VSIX into the local VS Code');
try {
  server.installExtension(pkg.vsix);
} catch (err) {
  fail(err.message.split('\n')[0], `See ${server.logFile} and the output above.`);
}

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\n  stopping code-server and everything it started…');
  await server.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGHUP', () => void shutdown(0));
process.on('exit', () => server.killNow());

const port = await choosePort();
step(`Starting code-server on 127.0.0.1:${port}`);
try {
  await server.start(port);
} catch (err) {
  server.killNow();
  fail(
    `code-server did not start on port ${port}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    `Its log: ${server.logFile}`,
  );
}

if (smoke) await smokeCheck();

console.log(`
  Relax is running. Open this URL in a browser:

      ${server.workspaceUrl()}

  Open gr_30_30.mtx and click "Tune ω (SOR)" above the first line.
  Workspace: ${server.workspace}   Log: ${server.logFile}
  Ctrl-C to stop.
`);
const { code, signal } = await server.exited;
if (!stopping) {
  server.killNow();
  fail(`code-server exited (${signal ?? code}).`, `Its log: ${server.logFile}`);
}

/** The workbench page answers with VS Code's HTML and Relax is among the installed extensions; then stop all, exit 0. */
async function smokeCheck() {
  step('Smoke check: workbench URL and installed extension');
  const res = await fetch(server.workspaceUrl()).catch((err) => ({ ok: false, status: String(err) }));
  const html = res.ok ? await res.text() : '';
  if (!res.ok || !/workbench/i.test(html)) {
    await server.stop();
    fail(
      `the workbench URL ${server.workspaceUrl()} answered ${res.status} without the workbench page.`,
      `See ${server.logFile}.`,
    );
  }
  console.log(`  ${server.workspaceUrl()} answers ${res.status} with the workbench (${html.length} bytes)`);
  const installed = server.listExtensions();
  const relax = installed.find((e) => e.toLowerCase().startsWith(`${EXTENSION_ID}@`));
  if (!relax) {
    await server.stop();
    fail(
      `${EXTENSION_ID} is not installed in code-server (installed: ${installed.join(', ') || 'none'}).`,
      'See the VSIX install output above.',
    );
  }
  console.log(`  installed: ${relax}`);
  stopping = true;
  await server.stop();
  if (server.groupAlive())
    fail(
      'code-server or one of its children is still running after stop.',
      `Kill process group ${server.proc.pid} by hand.`,
    );
  console.log(`  stopped code-server and its children; smoke check passed in ${seconds(t0)} s`);
  process.exit(0);
}
