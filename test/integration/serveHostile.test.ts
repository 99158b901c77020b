// Hostile input against the real `relax serve` process, over TCP and over stdio: every attack
// gets a short error reply, the service stays up with bounded memory, and an honest session
// running alongside predicts exactly what it predicts on a quiet service.
import { existsSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServeEntry, rssBytes, ServeProcess, startTcpServe, TcpClient } from './serveHarness';

let serveJs = '';
beforeAll(async () => {
  serveJs = await buildServeEntry();
});

const TOKEN = 'correct horse battery staple';
const RSS_LIMIT = 400 * 1024 * 1024;
const cost = (omega: number): number => Math.round(30 + 500 * (omega - 1.6) ** 2);
const honestHello = { type: 'hello', learner: 'tsallis-inf', seed: 9 };

/** Omegas of 12 honest steps on an untouched service: what an attacked one must reproduce. */
let reference: number[] = [];

type Talk = (m: Record<string, unknown>) => Promise<Record<string, unknown> | null>;

async function honestSteps(talk: Talk, n: number): Promise<number[]> {
  const omegas: number[] = [];
  for (let k = 0; k < n; k++) {
    const p = await talk({ type: 'predict' });
    expect(p).toMatchObject({ ok: true, type: 'predict' });
    omegas.push(p?.omega as number);
    expect(
      await talk({ type: 'observe', id: p?.id, iterations: cost(p?.omega as number), converged: true }),
    ).toMatchObject({ ok: true });
  }
  return omegas;
}

const deepTag = `{"type":"summary","tag":${'['.repeat(6000)}${']'.repeat(6000)}}`;

/** Lines any client can send, before or after hello, with the error each must get. */
const hostileLines: [string, string, RegExp][] = [
  ['a tag nested 6000 deep', deepTag, /JSON nested deeper than 32 levels/],
  [
    'a 10 KB tag',
    JSON.stringify({ type: 'summary', tag: 'x'.repeat(10_000) }),
    /"tag" must be at most 256 bytes of JSON, got 10002/,
  ],
  [
    'a 500 KB learner name',
    JSON.stringify({ type: 'hello', learner: 'y'.repeat(500_000), seed: 1 }),
    /"learner" must be at most 256 characters/,
  ],
  [
    'an unknown 300 KB field name',
    JSON.stringify({ type: 'summary', ['z'.repeat(300_000)]: 1 }),
    /unknown field "zzz.*… \(300002 characters\)/,
  ],
  ['an invalid 900 KB line', `{"type":"summary","tag":"${'q'.repeat(900_000)}`, /not valid JSON/],
];

/** Requests of an authenticated client in a session, with the error each must get. */
const hostileRequests: [string, Record<string, unknown>, RegExp][] = [
  [
    'points: 1000000',
    { type: 'hello', learner: 'tsallis-inf', seed: 1, range: [1, 1.9], points: 1_000_000 },
    /"points" must be at most 1000/,
  ],
  [
    'grid.points: 1000000',
    { type: 'hello', learner: 'tsallis-inf', seed: 1, grid: { min: 1, max: 1.9, points: 1_000_000 } },
    /"points" must be at most 1000/,
  ],
  [
    'iterations: 1e308',
    { type: 'observe', id: 1, iterations: 1e308, converged: true },
    /"iterations" must be at most 1000000000/,
  ],
  [
    'iterations: 2.5',
    { type: 'observe', id: 1, iterations: 2.5, converged: true },
    /"iterations" must be a non-negative integer/,
  ],
  [
    'seconds: 1e300',
    { type: 'observe', id: 1, iterations: 3, converged: true, seconds: 1e300 },
    /"seconds" must be in \[0, 1000000000\]/,
  ],
  ['context: 1e305', { type: 'predict', context: 1e305 }, /"context" must be a finite number/],
  [
    'saveEvery: 1e12',
    { type: 'hello', learner: 'tsallis-inf', seed: 1, saveEvery: 1e12 },
    /"saveEvery" must be at most 1000000/,
  ],
];

function expectRefused(reply: Record<string, unknown> | null, raw: string | undefined, message: RegExp): void {
  expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(message) });
  // Replies echo at most 1 KB of client data: the whole reply line is shorter than that.
  expect(Buffer.byteLength(raw ?? '')).toBeLessThan(1024);
}

/** A hostile request addressed to the session: an observe names the pending id, a hello carries the token. */
function forSession(request: Record<string, unknown>, id: unknown, token?: string): Record<string, unknown> {
  if (request.type === 'observe') return { ...request, id };
  if (request.type === 'hello' && token !== undefined) return { ...request, token };
  return request;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

describe('relax serve over TCP under attack', () => {
  let server: Awaited<ReturnType<typeof startTcpServe>>;
  let stateDir = '';
  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'relax-hostile-tcp-'));
    server = await startTcpServe(serveJs, ['--token', TOKEN, '--state-dir', stateDir]);
    const quiet = new TcpClient(server.port);
    await quiet.request({ ...honestHello, token: TOKEN });
    reference = await honestSteps((m) => quiet.request(m), 12);
    await quiet.end();
  });
  afterAll(() => {
    server.child.kill('SIGKILL');
  });

  it('each hostile line gets a short error reply; the connection and an honest session keep working', async () => {
    const honest = new TcpClient(server.port);
    expect(await honest.request({ ...honestHello, token: TOKEN })).toMatchObject({ ok: true });
    const omegas: number[] = [];
    const attacker = new TcpClient(server.port);
    for (const [, line, message] of hostileLines) {
      attacker.write(`${line}\n`);
      const reply = await attacker.next();
      expectRefused(reply, attacker.raw[attacker.raw.length - 1], message);
      omegas.push(...(await honestSteps((m) => honest.request(m), 1)));
    }
    expect(await attacker.request({ ...honestHello, token: TOKEN })).toMatchObject({ ok: true });
    const pending = await attacker.request({ type: 'predict' });
    for (const [, request, message] of hostileRequests) {
      const reply = await attacker.request(forSession(request, pending?.id, TOKEN));
      expectRefused(reply, attacker.raw[attacker.raw.length - 1], message);
    }
    expect(await attacker.request({ type: 'observe', id: pending?.id, iterations: 10, converged: true })).toMatchObject(
      { ok: true, steps: 1 },
    );
    expect(await attacker.request({ type: 'summary' })).toMatchObject({ ok: true, totalIterations: 10 });
    omegas.push(...(await honestSteps((m) => honest.request(m), 12 - omegas.length)));
    expect(omegas).toEqual(reference);
    expect(alive(server.child)).toBe(true);
    expect(rssBytes(server.child.pid as number)).toBeLessThan(RSS_LIMIT);
    await Promise.all([attacker.end(), honest.end()]);
  });

  it('a 64 MB line without a newline is refused unread and closes only that connection', async () => {
    const honest = new TcpClient(server.port);
    expect(await honest.request({ ...honestHello, token: TOKEN })).toMatchObject({ ok: true });
    const attacker = new TcpClient(server.port);
    await attacker.ready();
    const block = Buffer.alloc(1024 * 1024, 0x61);
    for (let k = 0; k < 64 && !attacker.socket.destroyed; k++) attacker.write(block);
    expectRefused(
      await attacker.next(),
      attacker.raw[0],
      /line longer than 1048576 bytes: refused unread; connection closed/,
    );
    await attacker.closed;
    expect(await honestSteps((m) => honest.request(m), 12)).toEqual(reference);
    expect(rssBytes(server.child.pid as number)).toBeLessThan(RSS_LIMIT);
    await honest.end();
  });

  it('a wrong token of any length is refused and the connection closed; the right one works', async () => {
    for (const token of ['', 'c', `${TOKEN}x`, 'x'.repeat(200)]) {
      const c = new TcpClient(server.port);
      expect(await c.request({ ...honestHello, token })).toMatchObject({
        ok: false,
        error: expect.stringMatching(/wrong or missing "token"/),
      });
      await c.closed;
      expect(c.raw[0]).not.toContain(token.length > 0 ? token : '"token"');
    }
  });

  it.each([
    ['an absolute path', '/tmp/relax-escape.json', /plain file name/],
    ['a parent directory', '../escape.json', /plain file name/],
    ['a sub directory', 'sub/escape.json', /plain file name/],
    ['a hidden name', '.escape.json', /must not start with "."/],
    ['a dot-dot name', '..', /must not start with "."/],
    ['a control character', 'a\nb.json', /control characters/],
  ])('stateFile with %s is refused', async (_what, stateFile, message) => {
    const c = new TcpClient(server.port);
    expect(await c.request({ ...honestHello, token: TOKEN, stateFile })).toMatchObject({
      ok: false,
      error: expect.stringMatching(message),
    });
    expect(await c.request({ ...honestHello, token: TOKEN, stateFile: 'fine.relax-serve.json' })).toMatchObject({
      ok: true,
      stateFile: join(stateDir, 'fine.relax-serve.json'),
    });
    await c.end();
    expect(existsSync('/tmp/relax-escape.json')).toBe(false);
    expect(existsSync(join(stateDir, '..', 'escape.json'))).toBe(false);
  });

  it('a symlink planted at the state file or records file name is never followed', async () => {
    const victim = join(mkdtempSync(join(tmpdir(), 'relax-victim-')), 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(stateDir, 'trap.json'));
    const c = new TcpClient(server.port);
    expect(await c.request({ ...honestHello, token: TOKEN, stateFile: 'trap.json' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/trap.json: is a symbolic link/),
    });
    await c.end();
    symlinkSync(victim, join(stateDir, 'bait.records.jsonl'));
    const d = new TcpClient(server.port);
    expect(await d.request({ ...honestHello, token: TOKEN, stateFile: 'bait.json', saveEvery: 1 })).toMatchObject({
      ok: true,
    });
    const p = await d.request({ type: 'predict' });
    expect(await d.request({ type: 'observe', id: p?.id, iterations: 5, converged: true })).toMatchObject({
      ok: true,
      saved: false,
      saveError: expect.stringMatching(/ELOOP.*bait\.records\.jsonl/),
    });
    await d.end();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readdirSync(stateDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('one session per state file: a second hello on it is refused until the first disconnects', async () => {
    const a = new TcpClient(server.port);
    expect(await a.request({ ...honestHello, token: TOKEN, stateFile: 'shared.json' })).toMatchObject({ ok: true });
    const b = new TcpClient(server.port);
    expect(await b.request({ ...honestHello, token: TOKEN, stateFile: 'shared.json' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/shared.json is in use by another session/),
    });
    await a.end();
    const c = new TcpClient(server.port);
    // The first session's close is asynchronous on the server: retry hello until it has released.
    let reply = await c.request({ ...honestHello, token: TOKEN, stateFile: 'shared.json' });
    while (reply?.ok === false) reply = await c.request({ ...honestHello, token: TOKEN, stateFile: 'shared.json' });
    expect(reply).toMatchObject({ ok: true, resumed: true });
    await Promise.all([b.end(), c.end()]);
  });

  it('a hostile state file is refused with its name and the first bad field', async () => {
    const good = new TcpClient(server.port);
    await good.request({ ...honestHello, token: TOKEN, stateFile: 'model.json', saveEvery: 1 });
    await honestSteps((m) => good.request(m), 3);
    await good.end();
    const snapshot = JSON.parse(readFileSync(join(stateDir, 'model.json'), 'utf8')) as Record<string, unknown>;
    const variants: [string, (s: Record<string, unknown>) => void, RegExp][] = [
      ['recent', (s) => (s.recent = 'abc'), /bad field "recent"/],
      [
        'recent[1].omega',
        (s) => ((s.recent as Record<string, unknown>[])[1].omega = 'x'),
        /bad field "recent\[1\]\.omega"/,
      ],
      ['steps', (s) => (s.steps = 1e308), /bad field "steps"/],
      [
        'config.grid.points',
        (s) => ((s.config as { grid: { points: number } }).grid.points = 1e7),
        /bad field "config.grid.points"/,
      ],
      [
        'learnerState.core',
        (s) => ((s.learnerState as Record<string, unknown>).core = 'oops'),
        /bad field "learnerState/,
      ],
      [
        'learnerState.random',
        (s) => delete (s.learnerState as Record<string, unknown>).random,
        /bad field "learnerState/,
      ],
    ];
    for (const [field, mutate, message] of variants) {
      const copy = structuredClone(snapshot);
      mutate(copy);
      const name = `bad-${field.replace(/[^a-z0-9]/gi, '-')}.json`;
      writeFileSync(join(stateDir, name), JSON.stringify(copy));
      const c = new TcpClient(server.port);
      const reply = await c.request({ ...honestHello, token: TOKEN, stateFile: name });
      expect(reply).toMatchObject({ ok: false });
      expect(reply?.error).toMatch(new RegExp(name.replace(/\./g, '\\.')));
      expect(reply?.error).toMatch(message);
      await c.end();
    }
    expect(alive(server.child)).toBe(true);
  });
});

describe('relax serve TCP connection limits', () => {
  it('beyond --max-connections new connections are refused; silent ones are closed after --hello-timeout / --idle-timeout', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'relax-limits-'));
    const server = await startTcpServe(serveJs, [
      '--token',
      TOKEN,
      '--state-dir',
      stateDir,
      '--max-connections',
      '4',
      '--hello-timeout',
      '3',
      '--idle-timeout',
      '3',
    ]);
    const squatters = Array.from({ length: 4 }, () => new TcpClient(server.port));
    await Promise.all(squatters.map((s) => s.ready()));
    for (const s of squatters) s.write('{"type":"hello","learner":"tsa'); // half-sent, never finished
    const extra = new TcpClient(server.port);
    expect(await extra.next()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/too many connections \(the limit is 4\)/),
    });
    await extra.closed;
    for (const s of squatters) {
      expect(await s.next()).toMatchObject({
        ok: false,
        error: expect.stringMatching(/no successful hello within 3000 ms/),
      });
      await s.closed;
    }
    const idler = new TcpClient(server.port);
    expect(await idler.request({ ...honestHello, token: TOKEN, stateFile: 'idle.json' })).toMatchObject({ ok: true });
    await honestSteps((m) => idler.request(m), 2);
    expect(await idler.next()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no input for 3000 ms: connection closed \(state saved\)/),
    });
    await idler.closed;
    expect((JSON.parse(readFileSync(join(stateDir, 'idle.json'), 'utf8')) as { steps: number }).steps).toBe(2);
    const honest = new TcpClient(server.port);
    expect(await honest.request({ ...honestHello, token: TOKEN })).toMatchObject({ ok: true });
    expect(await honestSteps((m) => honest.request(m), 12)).toEqual(reference);
    await honest.end();
    server.child.kill('SIGKILL');
  });
});

describe('relax serve over stdio under attack', () => {
  it('each hostile line and request is refused, a 64 MB line is skipped unread, and the session continues exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-hostile-stdio-'));
    const p = new ServeProcess(serveJs, [], dir);
    const omegas: number[] = [];
    const talk: Talk = (m) => p.request(m);
    for (const [, line, message] of hostileLines) {
      const raw = await p.sendRaw(line);
      expectRefused(JSON.parse(raw) as Record<string, unknown>, raw, message);
    }
    expect(await p.request(honestHello)).toMatchObject({ ok: true });
    omegas.push(...(await honestSteps(talk, 3)));
    const pending = await p.request({ type: 'predict' });
    omegas.push(pending.omega as number);
    for (const [, request, message] of hostileRequests) {
      const raw = await p.sendRaw(JSON.stringify(forSession(request, pending.id)));
      expectRefused(JSON.parse(raw) as Record<string, unknown>, raw, message);
    }
    const raw = await p.sendRaw(Buffer.alloc(64 * 1024 * 1024, 0x62));
    expectRefused(
      JSON.parse(raw) as Record<string, unknown>,
      raw,
      /line longer than 1048576 bytes: refused unread; skipped to the next newline/,
    );
    expect(
      await p.request({ type: 'observe', id: pending.id, iterations: cost(pending.omega as number), converged: true }),
    ).toMatchObject({ ok: true });
    omegas.push(...(await honestSteps(talk, 8)));
    expect(omegas).toEqual(reference);
    expect(rssBytes(p.child.pid as number)).toBeLessThan(RSS_LIMIT);
    expect(await p.end()).toBe(0);
  });

  it('a hostile state file given by path is refused with its name and the first bad field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relax-hostile-state-'));
    const stateFile = join(dir, 'sim.json');
    const first = new ServeProcess(serveJs, [], dir);
    await first.request({ ...honestHello, stateFile, saveEvery: 1 });
    await honestSteps((m) => first.request(m), 2);
    await first.end();
    const snapshot = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    (snapshot.recent as unknown[])[0] = { step: 1, omega: 1.5, iterations: -4, converged: true };
    writeFileSync(stateFile, JSON.stringify(snapshot));
    const second = new ServeProcess(serveJs, [], dir);
    expect(await second.request({ ...honestHello, stateFile })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/sim\.json: not a usable state file: bad field "recent\[0\]\.iterations"/),
    });
    expect(await second.request(honestHello)).toMatchObject({ ok: true });
    expect(await second.end()).toBe(0);
  });
});
