// Extension-host API tests: the extension as VS Code itself sees it (activation, commands, code lenses,
// diagnostics), against the workspace copy of samples/ opened by the launcher.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const vscode = require('vscode');
const { metrics } = require('./metrics');

const EXTENSION_ID = 'relax-numerics.relax-sor';

function workspaceFile(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the launcher must open a workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function until(fn, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${message}; last: ${JSON.stringify(last)}`);
}

async function lensTitles(uri) {
  const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) || [];
  return lenses.map((l) => (l.command ? l.command.title : '')).filter(Boolean);
}

describe('Relax extension host', () => {
  it('activates when a Matrix Market file is opened', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('gr_30_30.mtx'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'matrix-market');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed in this host`);
    await until(() => ext.isActive, 30000, 'extension did not activate');
  });

  it('registers the commands its lenses use', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['relax.tune', 'relax.tuneSsor', 'relax.learn', 'relax.cancel', 'relax.openReport']) {
      assert.ok(all.includes(id), `command ${id} missing`);
    }
  });

  it('offers the tuning lenses on the first line of a matrix', async () => {
    const uri = workspaceFile('gr_30_30.mtx');
    const titles = await until(
      async () => {
        const t = await lensTitles(uri);
        return t.includes('Tune ω (SOR)') ? t : undefined;
      },
      30000,
      'no "Tune ω (SOR)" lens',
    );
    assert.ok(titles.includes('Tune ω (SSOR-CG)'));
  });

  it('tunes SOR on gr_30_30 to an ω in [1.7, 1.95] and shows it in a lens', async () => {
    const uri = workspaceFile('gr_30_30.mtx');
    await vscode.commands.executeCommand('relax.tune', uri.toString());
    const result = await until(
      async () => (await lensTitles(uri)).find((t) => /^ω = [\d.]+: \d+ iterations/.test(t)),
      120000,
      'no result lens after tuning',
    );
    const omega = Number(/^ω = ([\d.]+)/.exec(result)[1]);
    assert.ok(omega >= 1.7 && omega <= 1.95, `ω ${omega} outside [1.7, 1.95] in "${result}"`);
  });

  it('puts a diagnostic on the malformed line of a broken matrix', async () => {
    const uri = workspaceFile('malformed.mtx');
    if (!fs.existsSync(uri.fsPath)) {
      fs.writeFileSync(
        uri.fsPath,
        '%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 4.0\n2 2 4.0\n3 x 4.0\n3 3 1.0\n',
      );
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await until(
      () => {
        const d = vscode.languages.getDiagnostics(uri);
        return d.length > 0 ? d : undefined;
      },
      30000,
      'no diagnostics for malformed.mtx',
    );
    assert.ok(
      diags.some((d) => d.range.start.line === 4 && d.severity === vscode.DiagnosticSeverity.Error),
      `no error on line 5: ${JSON.stringify(diags.map((d) => [d.range.start.line + 1, d.message]))}`,
    );
    assert.ok(path.basename(uri.fsPath) === 'malformed.mtx');
  });

  it('learns across a bundled spec and opens its report, the extension host staying responsive', async () => {
    const uri = workspaceFile('paper-beta-2-6.relax.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    // The solves run in the language server's workers; the extension host only relays progress. Its longest
    // event-loop stall during the run is recorded as a measurement (reported, not asserted).
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = Date.now();
    await vscode.commands.executeCommand('relax.learn', uri);
    delay.disable();
    metrics.learnSeconds = (Date.now() - t0) / 1000;
    metrics.extensionHostMaxEventLoopDelayMs = Math.round(delay.max / 1e6);
    metrics.extensionHostP99EventLoopDelayMs = Math.round(delay.percentile(99) / 1e6);
    const tabs = await until(
      () => {
        const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
        return labels.some((l) => l.startsWith('Relax: paper-beta-2-6')) ? labels : undefined;
      },
      30000,
      'no report tab for paper-beta-2-6 after learning',
    );
    assert.ok(tabs.length > 0);
  });

  it('cancels a long tuning run through relax.cancel', async () => {
    const uri = workspaceFile('orsirr_1.mtx');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const config = vscode.workspace.getConfiguration('relax');
    const long = { tolerance: 1e-15, maxIterations: 2000000, gridPoints: 400 };
    for (const [k, v] of Object.entries(long)) await config.update(k, v, vscode.ConfigurationTarget.Workspace);
    try {
      let finished = false;
      const run = Promise.resolve(vscode.commands.executeCommand('relax.tune', uri.toString())).finally(
        () => (finished = true),
      );
      await until(
        async () => (await lensTitles(uri)).some((t) => /Running/.test(t)),
        30000,
        'tune never showed Running',
      );
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(finished, false, 'the long run ended by itself before it could be cancelled');
      const t0 = Date.now();
      await vscode.commands.executeCommand('relax.cancel', uri.toString());
      await run;
      // Reported as a measurement; the 1 s requirement is asserted by the browser scenario.
      metrics.cancelToCommandResolvedMs = Date.now() - t0;
      await until(
        async () => !(await lensTitles(uri)).some((t) => /Running/.test(t)),
        10000,
        'lens still Running after cancel',
      );
    } finally {
      for (const k of Object.keys(long)) await config.update(k, undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
