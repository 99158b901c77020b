// Mocha entry point loaded by VS Code's extension host (extensionTestsPath): runs every *.test.js here.
// When RELAX_VSCODE_RESULTS names a file, the outcome is also written there as JSON, because under
// code-server the test host's exit code does not reach the process that started it.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

function writeResults(result) {
  let file = process.env.RELAX_VSCODE_RESULTS;
  if (!file) {
    // Under code-server the launcher may not be able to pass the variable: fall back to the workspace folder.
    const vscode = require('vscode');
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    if (folder && folder.uri.scheme === 'file') file = path.join(folder.uri.fsPath, '.relax-host-test-results.json');
  }
  if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2));
}

/** Called by VS Code; resolves when all tests passed, rejects otherwise. */
function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120000, color: false, reporter: 'spec' });
  for (const f of fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const failures = [];
    const passes = [];
    try {
      const runner = mocha.run((failed) => {
        writeResults({ passed: passes.length, failed, passes, failures, metrics: require('./metrics').metrics });
        if (failed > 0) reject(new Error(`${failed} extension-host test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => passes.push(t.fullTitle()));
      runner.on('fail', (t, err) => failures.push({ title: t.fullTitle(), error: String(err && err.message) }));
    } catch (err) {
      writeResults({ passed: 0, failed: 1, failures: [{ title: 'mocha', error: String(err) }] });
      reject(err);
    }
  });
}

module.exports = { run };
