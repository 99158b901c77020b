// `auto` over the wire: the service never sees the matrix; the client sends a Jacobi spectral
// estimate with predict and auto takes it where the editor's auto (which has the matrix) would
// estimate itself. Fed the exact rho at every step, the served auto estimates at nearly the same steps
// as the editor's and learns the same context-dependent optimum.
import { describe, expect, it } from 'vitest';
import type { Learner } from '../../src/core/learn/learner';
import { createLearner, restoreLearner } from '../../src/core/learn/registry';
import { ServeSession } from '../../src/serve/session';
import { exactJacobiRadius, shiftedLaplacian } from '../unit/learn/laplacian';
import { sweepContext } from '../unit/learn/synthetic';

const M = 6;
const RANGE: [number, number] = [-0.3, 0.5];
const ROUNDS = 3000;
const targetOmega = (c: number): number => {
  const rho = exactJacobiRadius(M, c);
  return 2 / (1 + 0.8 * Math.sqrt(1 - rho * rho));
};
const cost = (omega: number, c: number): number => Math.round(30 * (1 + 25 * Math.abs(omega - targetOmega(c))));
const context = sweepContext(RANGE[0], RANGE[1]);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

function editor(): { errors: number[]; estimated: number[]; total: number } {
  const learner: Learner = createLearner('auto', { seed: 4, contextRange: RANGE });
  const out = { errors: [] as number[], estimated: [] as number[], total: 0 };
  for (let t = 0; t < ROUNDS; t++) {
    const c = context(t);
    const p = learner.predict({ context: c, matrix: shiftedLaplacian(M, c) });
    if (p.extraSweeps > 0) out.estimated.push(t);
    const it = cost(p.omega, c);
    out.total += it;
    learner.update({ iterations: it, converged: true });
    out.errors.push(Math.abs(p.omega - targetOmega(c)));
  }
  return out;
}

function served(sendRho: (t: number) => boolean): { errors: number[]; used: number[]; total: number } {
  const s = new ServeSession({ factory: { create: createLearner, restore: restoreLearner } });
  const send = (m: object): Record<string, unknown> =>
    s.handleLine(JSON.stringify(m)).reply as unknown as Record<string, unknown>;
  expect(send({ type: 'hello', learner: 'auto', seed: 4, contextRange: RANGE })).toMatchObject({ ok: true });
  const out = { errors: [] as number[], used: [] as number[], total: 0 };
  for (let t = 0; t < ROUNDS; t++) {
    const c = context(t);
    const p = send(
      sendRho(t)
        ? { type: 'predict', context: c, jacobiRho: exactJacobiRadius(M, c) }
        : { type: 'predict', context: c },
    );
    expect(p.ok).toBe(true);
    if (p.estimateUsed === true) out.used.push(t);
    const it = cost(p.omega as number, c);
    out.total += it;
    expect(send({ type: 'observe', id: p.id, iterations: it, converged: true })).toMatchObject({ ok: true });
    out.errors.push(Math.abs((p.omega as number) - targetOmega(c)));
  }
  return out;
}

describe('auto over the wire', () => {
  it('with an estimate on every predict it estimates where the editor does and learns as well', () => {
    const a = editor();
    const b = served(() => true);
    // A supplied estimate is already paid for, so the served auto takes it wherever a knot or check is
    // due; the editor's own estimates are held to its budget (5 % of the iterations solved), which defers
    // knots while the first rounds have solved little (here 2 of 86 estimates fall on other rounds).
    const differ = [
      ...a.estimated.filter((t) => !b.used.includes(t)),
      ...b.used.filter((t) => !a.estimated.includes(t)),
    ];
    expect(differ.length).toBeGreaterThan(0);
    expect(differ.length).toBeLessThanOrEqual(4);
    expect(a.estimated.length).toBeLessThan(ROUNDS / 10);
    expect(mean(b.errors.slice(-500))).toBeLessThan(0.015);
    expect(Math.abs(b.total - a.total)).toBeLessThan(1e-3 * a.total);
  });

  it("with the PETSc helper's policy (estimate only at contexts 1/64 of the range from every earlier one) it loses little", () => {
    const a = editor();
    const measured: number[] = [];
    const policy = (t: number): boolean => {
      const c = context(t);
      if (measured.some((m) => Math.abs(m - c) <= (RANGE[1] - RANGE[0]) / 64)) return false;
      measured.push(c);
      return true;
    };
    const b = served(policy);
    expect(measured.length).toBeLessThan(80);
    expect(b.used.length).toBeGreaterThan(0);
    expect(b.used.length).toBeLessThanOrEqual(measured.length);
    expect(mean(b.errors.slice(-500))).toBeLessThan(0.015);
    // auto's two experts (the omega search is tried on ~2% of rounds) make 3000-round paths that see
    // different estimates differ by a few percent (4.4% at this seed), more than one expert's did.
    expect(b.total).toBeLessThanOrEqual(1.05 * a.total);
  });

  it('without any estimate auto falls back to a bandit, as without a matrix', () => {
    const b = served(() => false);
    expect(b.used).toEqual([]);
    expect(b.errors).toHaveLength(ROUNDS);
  });
});
