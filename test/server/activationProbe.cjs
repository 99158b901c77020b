// Loads dist/extension.js in plain Node with a stand-in `vscode` module (every export of @types/vscode
// as an inert proxy), calls activate(), and prints what it registered and how long it took, as JSON.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..', '..');
function inert(name) {
  return new Proxy(function () {}, {
    get(target, prop) {
      if (prop === Symbol.toPrimitive) return () => name;
      if (prop === 'then') return undefined;
      if (!(prop in target)) target[prop] = inert(`${name}.${String(prop)}`);
      return target[prop];
    },
    apply: () => inert(`${name}()`),
    construct: () => inert(`new ${name}`),
  });
}
const types = fs.readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
const vscode = {};
for (const m of types.matchAll(/^\s*export (?:class|namespace|enum|function|const|let) ([A-Za-z_]+)/gm))
  vscode[m[1]] = inert(m[1]);
const registered = [];
vscode.version = '1.95.0';
vscode.commands = inert('commands');
vscode.commands.registerCommand = (id) => {
  registered.push(id);
  return { dispose() {} };
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const t0 = process.hrtime.bigint();
const ext = require(process.argv[2] || path.join(root, 'dist', 'extension.js'));
const t1 = process.hrtime.bigint();
const context = { subscriptions: [], asAbsolutePath: (p) => path.join(root, p), extensionUri: inert('extensionUri') };
let error;
try {
  ext.activate(context);
} catch (e) {
  error = String(e && e.stack ? e.stack : e);
}
const t2 = process.hrtime.bigint();
process.stdout.write(
  JSON.stringify({
    registered,
    subscriptions: context.subscriptions.length,
    requireMs: Number(t1 - t0) / 1e6,
    activateMs: Number(t2 - t1) / 1e6,
    error,
  }) + '\n',
  () => process.exit(0),
);
