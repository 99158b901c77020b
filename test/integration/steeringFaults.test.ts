// python/relax_client.py's Steering under faults: the service is killed (SIGKILL) or stopped
// (SIGSTOP) mid-run, over stdio and TCP, synchronous and asynchronous. The simulation must run
// every step, count the steps that fell back, reconnect, and resume the session from the state
// file at exactly the steps the service had acknowledged.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChild } from '../helpers/childProcess';
import { DEBIAN_PYTHON, REPO } from './petscHarness';
import { buildServeEntry } from './serveHarness';

let serveJs = '';
beforeAll(async () => {
  serveJs = await buildServeEntry();
});

interface Drill {
  steps: number;
  faultedAt: number;
  resumedAt: number | null;
  observedAtFault: number;
  resumedSteps: number;
  fallbackSteps: number;
  learnedSteps: number;
  observedSteps: number;
  reconnects: number;
  serviceSteps: number;
  warnings: string[];
}

async function drill(args: string[]): Promise<Drill> {
  const r = await runChild(DEBIAN_PYTHON, [
    join(REPO, 'python/tests/steering_faults.py'),
    '--serve',
    `${process.execPath} ${serveJs}`,
    ...args,
  ]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Drill;
}

const cases: [string, string, string[], RegExp][] = [
  ['stdio', 'kill', [], /relax serve (closed the connection|connection lost)/],
  ['stdio', 'stop', [], /did not reply within 2.0 s/],
  ['tcp', 'kill', [], /connection (lost|reset)|closed the connection/],
  ['tcp', 'stop', [], /did not reply within 2.0 s/],
  ['stdio', 'kill', ['--asynchronous'], /relax serve (closed the connection|connection lost)/],
  ['tcp', 'stop', ['--asynchronous'], /did not reply within 2.0 s/],
  ['stdio', 'stop', ['--every', '3'], /did not reply within 2.0 s/],
];

describe('Steering survives a killed or stopped relax serve', () => {
  it.each(cases)('%s, %s %s', async (transport, fault, extra, failure) => {
    const d = await drill(['--transport', transport, '--fault', fault, ...extra]);
    expect(d.faultedAt).toBe(30);
    // The simulation ran on: every step got an omega, learned or fallback, and it went on after the session came back.
    expect(d.resumedAt).not.toBeNull();
    expect(d.steps).toBe((d.resumedAt as number) + 40);
    const every = extra.includes('--every') ? 3 : 1;
    if (every === 1) expect(d.learnedSteps + d.fallbackSteps).toBe(d.steps);
    expect(d.fallbackSteps).toBeGreaterThanOrEqual(1);
    expect(d.reconnects).toBe(1);
    expect(d.warnings[0]).toMatch(failure);
    expect(d.warnings[d.warnings.length - 1]).toMatch(
      new RegExp(`connected to relax serve; session at step ${d.resumedSteps}`),
    );
    // Resumed at exactly the acknowledged observes; over a stopped TCP service an observe sent
    // before the stop is still recorded once the service continues.
    const lateObserve = transport === 'tcp' && fault === 'stop' ? 1 : 0;
    expect(d.resumedSteps - d.observedAtFault).toBeGreaterThanOrEqual(0);
    expect(d.resumedSteps - d.observedAtFault).toBeLessThanOrEqual(lateObserve);
    expect(d.serviceSteps).toBe(d.observedSteps + (d.resumedSteps - d.observedAtFault));
  });

  it('without any service it says why once, and the simulation still runs on the default omega', () => {
    const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(REPO, 'python'))})
from relax_client import Steering
warnings = []
steer = Steering("chebcb", seed=1, context_range=(0, 1), command=["/nonexistent/node", "cli.js", "serve"], default_omega=1.3, warn=warnings.append, max_backoff=0.05)
omegas = [steer.omega(context=0.5) for _ in range(5)]
steer.close()
print(json.dumps({"omegas": omegas, "fallback": steer.fallback_steps, "first": warnings[0]}))
`;
    const r = spawnSync(DEBIAN_PYTHON, ['-c', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { omegas: number[]; fallback: number; first: string };
    expect(out.omegas).toEqual([1.3, 1.3, 1.3, 1.3, 1.3]);
    expect(out.fallback).toBe(5);
    expect(out.first).toMatch(
      /cannot start relax serve with \/nonexistent\/node cli.js serve: \[Errno 2\] No such file or directory/,
    );
  });

  it('the default command finds the CLI relative to the package, from any working directory', () => {
    const r = spawnSync(
      DEBIAN_PYTHON,
      [
        '-c',
        `import sys; sys.path.insert(0, ${JSON.stringify(join(REPO, 'python'))}); import relax_client; print(relax_client.default_command()[1])`,
      ],
      {
        cwd: '/',
        encoding: 'utf8',
        env: { ...process.env, RELAX_SERVE: '' },
      },
    );
    expect(r.stdout.trim()).toBe(join(REPO, 'dist/cli.js'));
  });
});
