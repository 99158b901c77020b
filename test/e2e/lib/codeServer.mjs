// A throwaway code-server: its own user data, extensions dir, config and workspace copy, on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, codeServerEnv, repoRoot } from './env.mjs';

/** Builds the production bundles and the VSIX with `npm run package`; returns its path, size in bytes and seconds taken. */
export function packageVsix() {
  const t0 = performance.now();
  const prebuilt = process.env.RELAX_E2E_VSIX;
  if (prebuilt) {
    // For iterating on the tests themselves: reuse a VSIX built earlier.
    if (!existsSync(prebuilt)) throw new Error(`RELAX_E2E_VSIX=${prebuilt} does not exist`);
    return { vsix: prebuilt, bytes: statSync(prebuilt).size, seconds: 0 };
  }
  const r = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8', env: cleanEnv() });
  const vsix = join(repoRoot, 'relax.vsix');
  if (r.status !== 0 || !existsSync(vsix)) {
    throw new Error(`npm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { vsix, bytes: statSync(vsix).size, seconds: (performance.now() - t0) / 1000 };
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port (it can be bound now). */
export function portIsFree(port) {
  return new Promise((resolveFree) => {
    const srv = createServer();
    srv.once('error', () => resolveFree(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolveFree(true)));
  });
}

/** The user settings every session starts with: no trust prompt, welcome page, chat or telemetry in the way. */
export function baseSettings(theme) {
  return {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.colorTheme': theme === 'dark' ? 'Dark Modern' : 'Light Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'editor.codeLens': true,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
    'remote.autoForwardPorts': false,
    'workbench.colorCustomizations': {},
  };
}

export class CodeServer {
  /**
   * @param {object} paths from requireEnvironment()
   * @param {{root?: string, workspace: string}} options workspace: folder to open
   */
  constructor(paths, options) {
    this.paths = paths;
    this.root = options.root ?? mkdtempSync(join(tmpdir(), 'relax-e2e-'));
    this.workspace = options.workspace;
    this.userData = join(this.root, 'user-data');
    this.extensionsDir = join(this.root, 'extensions');
    this.config = join(this.root, 'config.yaml');
    this.logFile = join(this.root, 'code-server.log');
    mkdirSync(join(this.userData, 'User'), { recursive: true });
    mkdirSync(this.extensionsDir, { recursive: true });
    writeFileSync(this.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    this.setTheme('light');
    this.proc = undefined;
    this.port = 0;
  }

  /** Writes the user settings file; a running workbench picks the change up (used to switch themes). */
  setTheme(theme, extra = {}) {
    writeFileSync(
      join(this.userData, 'User', 'settings.json'),
      JSON.stringify({ ...baseSettings(theme), ...extra }, null, 2),
    );
  }

  commonArgs() {
    return [
      '--user-data-dir',
      this.userData,
      '--extensions-dir',
      this.extensionsDir,
      '--config',
      this.config,
      '--disable-telemetry',
      '--disable-update-check',
    ];
  }

  /** `code-server --install-extension file.vsix` (a folder copied into the extensions dir is not registered). */
  installExtension(vsix) {
    const t0 = performance.now();
    const r = spawnSync(this.paths.codeServer, [...this.commonArgs(), '--install-extension', vsix, '--force'], {
      env: codeServerEnv(this.paths),
      encoding: 'utf8',
    });
    const out = `${r.stdout}\n${r.stderr}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) {
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${out}`);
    }
    return (performance.now() - t0) / 1000;
  }

  /** `publisher.name@version` of every extension installed in this session's extensions folder. */
  listExtensions() {
    const r = spawnSync(this.paths.codeServer, [...this.commonArgs(), '--list-extensions', '--show-versions'], {
      env: codeServerEnv(this.paths),
      encoding: 'utf8',
    });
    if (r.status !== 0)
      throw new Error(`code-server --list-extensions failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  }

  /** Starts the server and resolves once /healthz answers; rejects with the log if it does not within 60 s. */
  async start(port, extraArgs = []) {
    this.port = port ?? (await freePort());
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.proc = spawn(
      this.paths.codeServer,
      [...this.commonArgs(), '--bind-addr', `127.0.0.1:${this.port}`, '--auth', 'none', ...extraArgs, this.workspace],
      { env: codeServerEnv(this.paths), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    this.proc.stdout.pipe(log);
    this.proc.stderr.pipe(log);
    this.exited = new Promise((res) => this.proc.once('exit', (code, signal) => res({ code, signal })));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) break;
      try {
        const res = await fetch(`${this.url()}healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not start on port ${this.port}; log ${this.logFile}:\n${this.readLog()}`);
  }

  url() {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** URL that opens the workspace folder. */
  workspaceUrl() {
    return `${this.url()}?folder=${encodeURIComponent(this.workspace).replace(/%2F/g, '/')}`;
  }

  readLog() {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** True while any process of code-server's process group (code-server, extension host, language server) lives. */
  groupAlive() {
    if (!this.proc) return false;
    try {
      process.kill(-this.proc.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops code-server and everything it started (extension host, language server): one process group, SIGKILL after 5 s. */
  async stop() {
    if (!this.groupAlive()) return;
    try {
      process.kill(-this.proc.pid, 'SIGTERM');
    } catch {
      return;
    }
    const deadline = Date.now() + 5000;
    while (this.groupAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (this.groupAlive()) {
      try {
        process.kill(-this.proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** Synchronous last resort for process exit paths: SIGKILL the whole group. */
  killNow() {
    if (!this.groupAlive()) return;
    try {
      process.kill(-this.proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** PIDs of processes started from this session's installed extension whose command line contains `needle`. */
  extensionProcesses(needle) {
    const pids = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmd;
      try {
        cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue;
      }
      if (cmd.includes(this.extensionsDir) && cmd.includes(needle)) pids.push(Number(entry));
    }
    return pids;
  }
}

/** Copies samples/ (matrices and *.relax.json specs) plus the given extra files into a fresh workspace folder. */
export function makeWorkspace(root, extraFiles = {}) {
  const ws = join(root, 'workspace');
  mkdirSync(ws, { recursive: true });
  cpSync(join(repoRoot, 'samples'), ws, { recursive: true });
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(ws, name), text);
  return ws;
}
