// Server responsiveness under load: 50 open .mtx files, a tune request on each at once, and a hover
// probe every 25 ms on another file. Prints hover latency while idle (baseline) and under load, the
// server's peak RSS, and the wall time. Run: npm run build && node bench/lsp-concurrency.mjs [files]
import { fork } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FILES = Number(process.argv[2] ?? 50);

const ws = mkdtempSync(path.join(tmpdir(), 'relax-bench-'));
const uris = [];
for (let i = 0; i < FILES + 1; i++) {
  const file = path.join(ws, `m${i}.mtx`);
  copyFileSync(path.join(root, 'samples', 'gr_30_30.mtx'), file);
  uris.push(pathToFileURL(file).toString());
}
const probe = uris.pop();

const child = fork(path.join(root, 'dist', 'server.js'), ['--node-ipc'], {
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
const conn = rpc.createMessageConnection(new rpc.IPCMessageReader(child), new rpc.IPCMessageWriter(child));
conn.listen();
await conn.sendRequest('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(ws).toString(),
  capabilities: {},
});
conn.sendNotification('initialized', {});
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;

for (const uri of [...uris, probe]) {
  const text = readFileSync(new URL(uri), 'utf8');
  conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'matrix-market', version: 1, text },
  });
}

async function hoverLatencies(durationMs) {
  const out = [];
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    const t = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri: probe }, position: { line: 0, character: 0 } });
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 25));
  }
  return out;
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)], max: s.at(-1) };
};
const fmt = (o) => `n=${o.n} median ${o.median.toFixed(1)} ms, p95 ${o.p95.toFixed(1)} ms, max ${o.max.toFixed(1)} ms`;

await hoverLatencies(300); // warm-up: first parse and hover data
const idle = stats(await hoverLatencies(1500));
const rssIdle = rss();

const settings = {
  tolerance: 1e-8,
  maxIterations: 10000,
  omegaRange: [1, 1.99],
  gridPoints: 20,
  rhs: { kind: 'ones' },
  seed: 0,
  warmStart: false,
};
let peak = rssIdle;
const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100);
const t0 = performance.now();
let running = true;
const jobs = Promise.all(uris.map((uri) => conn.sendRequest('relax/tune', { uri, method: 'sor', settings }))).finally(
  () => (running = false),
);
const loaded = [];
while (running) loaded.push(...(await hoverLatencies(250)));
const results = await jobs;
const wall = (performance.now() - t0) / 1000;
clearInterval(sampler);

const omegas = results.map((r) => (r.status === 'completed' ? r.result.record.omega : NaN));
console.log(
  `files: ${FILES}; tunes completed: ${results.filter((r) => r.status === 'completed').length}, omega range ${Math.min(...omegas).toFixed(3)}..${Math.max(...omegas).toFixed(3)}`,
);
console.log(`wall time for ${FILES} concurrent tunes: ${wall.toFixed(1)} s`);
console.log(`hover latency idle:      ${fmt(idle)}`);
console.log(`hover latency under load: ${fmt(stats(loaded))}`);
console.log(
  `ratio (under load / idle): median ${(stats(loaded).median / idle.median).toFixed(2)}, max ${(stats(loaded).max / idle.max).toFixed(2)}`,
);
console.log(`server RSS: idle ${rssIdle.toFixed(0)} MB, peak during the run ${peak.toFixed(0)} MB`);
child.kill();
rmSync(ws, { recursive: true, force: true });
process.exit(0);
