import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAVE_INTERVAL_MS } from '../../src/serve/session';
import { readSnapshot } from '../../src/node/serveState';
import { buildServeEntry, ServeProcess } from './serveHarness';

let serveJs = '';
beforeAll(async () => {
  serveJs = await buildServeEntry();
});

const cost = (omega: number): number => Math.round(30 + 500 * (omega - 1.6) ** 2);

async function steps(p: ServeProcess, n: number): Promise<number[]> {
  const omegas: number[] = [];
  for (let k = 0; k < n; k++) {
    const pred = await p.request({ type: 'predict' });
    expect(pred.ok).toBe(true);
    omegas.push(pred.omega as number);
    const obs = await p.request({
      type: 'observe',
      id: pred.id,
      iterations: cost(pred.omega as number),
      converged: true,
    });
    expect(obs.ok).toBe(true);
  }
  return omegas;
}

describe('relax serve as a process over stdio', () => {
  it('serves a full session, survives a malformed line, and exits 0 at end of input', async () => {
    const p = new ServeProcess(serveJs);
    expect(await p.request({ type: 'hello', learner: 'tsallis-inf', seed: 5 })).toMatchObject({
      ok: true,
      protocol: 1,
    });
    await steps(p, 5);
    const bad = await p.send('{"type": "observe", "id": }');
    expect(bad).toMatchObject({ ok: false, line: 12 });
    expect(bad.error).toMatch(/not valid JSON/);
    await steps(p, 5);
    expect(await p.request({ type: 'summary' })).toMatchObject({ ok: true, steps: 10 });
    expect(await p.end()).toBe(0);
    expect(p.stderr).toBe('');
  });

  it('after kill -9 a restarted service resumes from the state file as if never interrupted', async () => {
    const hello = { type: 'hello', learner: 'tsallis-inf', seed: 21 };
    const straight = new ServeProcess(serveJs);
    await straight.request(hello);
    const expected = await steps(straight, 24);
    await straight.end();

    const stateFile = join(mkdtempSync(join(tmpdir(), 'relax-kill-')), 'sim.json');
    const first = new ServeProcess(serveJs);
    await first.request({ ...hello, stateFile, saveEvery: 1 });
    const before = await steps(first, 15);
    await first.request({ type: 'predict' });
    await first.kill();

    const second = new ServeProcess(serveJs);
    expect(await second.request({ ...hello, stateFile })).toMatchObject({ ok: true, resumed: true, steps: 15 });
    const after = await steps(second, 9);
    expect([...before, ...after]).toEqual(expected);
    expect(await second.request({ type: 'summary' })).toMatchObject({ steps: 24 });
    await second.end();
  });

  it('with the default throttled saves, state still reaches the disk when the client goes quiet', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'relax-quiet-')), 'quiet.json');
    const p = new ServeProcess(serveJs);
    await p.request({ type: 'hello', learner: 'tsallis-inf', seed: 2, stateFile });
    await steps(p, 5);
    await new Promise((r) => setTimeout(r, 3 * SAVE_INTERVAL_MS));
    await p.kill();
    expect(readSnapshot(stateFile)?.steps).toBe(5);
  });

  it('refuses --port without --token', async () => {
    const p = new ServeProcess(serveJs, ['--port', '0']);
    const code = await p.end();
    expect(code).toBe(2);
    expect(p.stderr).toMatch(/--port needs --token/);
  });
});

describe('relax serve over TCP', () => {
  it('listens on 127.0.0.1, requires the token, serves a session', async () => {
    const child = spawn(process.execPath, [serveJs, '--port', '0', '--token', 'tok']);
    const port = await new Promise<number>((resolvePort) => {
      child.stderr.on('data', (d: Buffer) => {
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(d.toString());
        if (m) resolvePort(Number(m[1]));
      });
    });
    const talk = async (messages: object[]): Promise<Record<string, unknown>[]> => {
      const socket = connect(port, '127.0.0.1');
      const lines = createInterface({ input: socket });
      lines.on('error', () => undefined);
      const replies: Record<string, unknown>[] = [];
      const done = new Promise<void>((r) => lines.on('close', () => r()));
      lines.on('line', (l) => {
        replies.push(JSON.parse(l) as Record<string, unknown>);
        if (replies.length === messages.length) socket.end();
      });
      for (const m of messages) socket.write(`${JSON.stringify(m)}\n`);
      await done;
      return replies;
    };
    const refused = await talk([{ type: 'hello', learner: 'tsallis-inf', seed: 1, token: 'nope' }]);
    expect(refused[0]).toMatchObject({ ok: false, error: expect.stringMatching(/token/) });
    const ok = await talk([{ type: 'hello', learner: 'tsallis-inf', seed: 1, token: 'tok' }, { type: 'predict' }]);
    expect(ok[1]).toMatchObject({ ok: true, type: 'predict', id: 1 });
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
