import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../helpers/childProcess';
import { DEBIAN_PYTHON, REPO } from './petscHarness';
import { buildServeEntry } from './serveHarness';

let serveJs = '';
beforeAll(async () => {
  serveJs = await buildServeEntry();
});

const SCRIPT = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(REPO, 'python'))})
from relax_client import RelaxClient, RelaxError
port = int(sys.argv[1]) if len(sys.argv) > 1 else None
client = RelaxClient(port=port, token="t0k") if port else RelaxClient()
out = {"hello": client.hello("tsallis-inf", seed=3, range=(1.0, 1.9), points=4)}
omega, pid = client.predict()
omegas = [omega]
for _ in range(4):
    omega, pid = client.observe_and_predict(pid, 10, True, 0.001)
    omegas.append(omega)
client.observe(pid, 10, True, 0.001)
out["omegas"] = omegas
try:
    client.observe(99, 1, True)
except RelaxError as e:
    out["error"] = str(e)
out["summary"] = client.summary()
client.close()
print(json.dumps(out))
`;

interface ClientRun {
  hello: { ok: boolean; learner: string };
  omegas: number[];
  error: string;
  summary: { steps: number; totalIterations: number };
}

function check(out: ClientRun): void {
  expect(out.hello).toMatchObject({ ok: true, learner: 'tsallis-inf' });
  expect(out.omegas).toHaveLength(5);
  for (const w of out.omegas) expect([1, 1.3, 1.6, 1.9].some((g) => Math.abs(g - w) < 1e-12)).toBe(true);
  expect(out.error).toMatch(/no prediction is pending/);
  expect(out.summary).toMatchObject({ steps: 5, totalIterations: 50 });
}

describe('python/relax_client.py (standard library only)', () => {
  const script = (): string => {
    const file = join(mkdtempSync(join(tmpdir(), 'relax-client-')), 'client.py');
    writeFileSync(file, SCRIPT);
    return file;
  };

  it('drives relax serve over stdio (also pipelined observe_and_predict) and raises RelaxError with the service message', async () => {
    const r = await runChild(DEBIAN_PYTHON, [script()], {
      env: { ...process.env, RELAX_SERVE: `${process.execPath} ${serveJs}` },
    });
    expect(r.stderr).toBe('');
    check(JSON.parse(r.stdout) as ClientRun);
  });

  it('connects over TCP with the token', async () => {
    const server = spawn(process.execPath, [serveJs, '--port', '0', '--token', 't0k']);
    const port = await new Promise<number>((resolvePort) => {
      server.stderr.on('data', (d: Buffer) => {
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(d.toString());
        if (m) resolvePort(Number(m[1]));
      });
    });
    const r = await runChild(DEBIAN_PYTHON, [script(), String(port)]);
    server.kill('SIGTERM');
    expect(r.stderr).toBe('');
    check(JSON.parse(r.stdout) as ClientRun);
  });
});
