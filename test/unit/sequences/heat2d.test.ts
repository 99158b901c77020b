import { describe, expect, it } from 'vitest';
import { heat2dSequence } from '../../../src/core/sequences/heat2d';
import { parseSpec, type Heat2dSpec } from '../../../src/core/sequences/spec';
import { sequenceFromSpec } from '../../../src/core/sequences/load';
import { DEFAULT_LIMITS } from '../../../src/core/defaults';
import { nodeSequenceSource } from '../../../src/node/sequenceSource';
import { spmv, type CsrMatrix } from '../../../src/core/sparse/csr';

function dense(a: CsrMatrix): number[][] {
  const out = Array.from({ length: a.rows }, () => new Array<number>(a.cols).fill(0));
  for (let i = 0; i < a.rows; i++)
    for (let k = a.rowPtr[i]; k < a.rowPtr[i + 1]; k++) out[i][a.colIdx[k]] = a.values[k];
  return out;
}

function heatSpec(extra: Record<string, unknown> = {}): Heat2dSpec {
  return parseSpec(
    JSON.stringify({ kind: 'heat2d', nx: 4, steps: 40, stopTime: 1, ...extra }),
    'h.json',
    '/tmp',
  ) as Heat2dSpec;
}

const bumpRef = (x: number, y: number, cx: number, cy: number, r: number): number => {
  const q = Math.min(1, ((x - cx) ** 2 + (y - cy) ** 2) / r ** 2);
  return Math.exp(1 - 1 / (1 - q));
};

describe('heat2d sequence (Crank-Nicolson)', () => {
  it('A is symmetric with diagonal 1 + 2 kappa dt / h^2 and off-diagonals -kappa dt / (2 h^2)', async () => {
    const spec = heatSpec();
    const stream = heat2dSequence(spec).open();
    const inst = await stream.next();
    if (!inst) throw new Error('no instance');
    const dt = 1 / 40;
    const h = 1 / 4;
    const kappa = Math.max(0.1 * Math.sin((2 * Math.PI * dt) / 2), -10 * Math.sin((2 * Math.PI * dt) / 2));
    expect(inst.context).toBeCloseTo(kappa, 15);
    const A = dense(inst.A);
    expect(A).toHaveLength(9);
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j < 9; j++) {
        expect(A[i][j]).toBe(A[j][i]);
        // Grid neighbours: same column block, adjacent rows; or adjacent blocks, same row.
        const [xi, yi, xj, yj] = [Math.floor(i / 3), i % 3, Math.floor(j / 3), j % 3];
        const neighbour = Math.abs(xi - xj) + Math.abs(yi - yj) === 1;
        const expected = i === j ? 1 + (2 * kappa * dt) / h ** 2 : neighbour ? (-kappa * dt) / (2 * h ** 2) : 0;
        expect(A[i][j]).toBeCloseTo(expected, 12);
      }
    }
  });

  it("every step's A is marked symmetric and is exactly symmetric (the flag lets the solvers skip their check)", async () => {
    const stream = heat2dSequence(heatSpec({ nx: 9 })).open();
    for (let step = 0; step < 40; step++) {
      const inst = await stream.next();
      if (!inst) throw new Error('no instance');
      expect(inst.A.symmetric).toBe(true);
      const A = dense(inst.A);
      for (let i = 0; i < A.length; i++) for (let j = 0; j < i; j++) expect(A[i][j]).toBe(A[j][i]);
      stream.accept?.(new Float64Array(inst.A.rows).fill(step / 40));
    }
  });

  it('b = (I + kappa dt / 2 L) u + dt f(t + dt/2) at the second step, from a reported u', async () => {
    const spec = heatSpec();
    const stream = heat2dSequence(spec).open();
    const first = await stream.next();
    if (!first) throw new Error('no instance');
    // Initial bump at the centre, on the grid x = (k div 3 + 1) h, y = (k mod 3 + 1) h.
    const h = 0.25;
    for (let k = 0; k < 9; k++) {
      expect(first.x0?.[k]).toBeCloseTo(bumpRef((Math.floor(k / 3) + 1) * h, ((k % 3) + 1) * h, 0.5, 0.5, 0.25), 14);
    }
    const u = Float64Array.from([0.3, -1, 2, 0.5, 1.5, -0.25, 0, 1, 0.75]);
    stream.accept(u);
    const second = await stream.next();
    if (!second) throw new Error('no instance');
    expect(second.t).toBe(1);
    expect(Array.from(second.x0 ?? [])).toEqual(Array.from(u));
    const dt = 1 / 40;
    const th = 1.5 * dt;
    const kappa = Math.max(0.1 * Math.sin(2 * Math.PI * th), -10 * Math.sin(2 * Math.PI * th));
    for (let k = 0; k < 9; k++) {
      const x = (Math.floor(k / 3) + 1) * h;
      const y = ((k % 3) + 1) * h;
      // Continuous-style Laplacian from neighbour values (zero outside the grid).
      const at = (xi: number, yi: number): number => (xi < 0 || xi > 2 || yi < 0 || yi > 2 ? 0 : u[xi * 3 + yi]);
      const [xi, yi] = [Math.floor(k / 3), k % 3];
      const lap = (at(xi - 1, yi) + at(xi + 1, yi) + at(xi, yi - 1) + at(xi, yi + 1) - 4 * u[k]) / h ** 2;
      const f = 32 * bumpRef(x, y, 0.5 + Math.cos(16 * Math.PI * th) / 4, 0.5 + Math.sin(16 * Math.PI * th) / 4, 0.125);
      expect(second.b[k]).toBeCloseTo(u[k] + ((kappa * dt) / 2) * lap + dt * f, 12);
    }
  });

  it('puts x on the slow index and y on the fast one', async () => {
    const spec = heatSpec({ forcing: 'x + 10 y', initial: '0' });
    const inst = await heat2dSequence(spec).open().next();
    if (!inst) throw new Error('no instance');
    const dt = 1 / 40;
    expect(inst.b[1] / dt).toBeCloseTo(0.25 + 10 * 0.5, 12);
    expect(inst.b[3] / dt).toBeCloseTo(0.5 + 10 * 0.25, 12);
  });

  it('context range covers kappa over the run; kappa is never negative with the default', async () => {
    const seq = heat2dSequence(heatSpec());
    const [lo, hi] = seq.info.contextRange ?? [NaN, NaN];
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeGreaterThan(9.9);
    expect(hi).toBeLessThanOrEqual(10);
  });

  it('stops after `instances` steps and refuses to step without a solution', async () => {
    const stream = heat2dSequence(heatSpec({ instances: 2 })).open();
    const a = await stream.next();
    expect(a?.t).toBe(0);
    await expect(stream.next()).rejects.toThrow(/accept/);
    stream.accept(new Float64Array(9));
    expect((await stream.next())?.t).toBe(1);
    stream.accept(new Float64Array(9));
    expect(await stream.next()).toBeUndefined();
  });

  it('solves a step itself when no solution is reported (specs loaded for inspection)', async () => {
    const stream = (await sequenceFromSpec(heatSpec({ instances: 3 }), nodeSequenceSource(DEFAULT_LIMITS))).open();
    const first = await stream.next();
    if (!first) throw new Error('no instance');
    const A = { ...first.A, values: Float64Array.from(first.A.values) };
    const b = Float64Array.from(first.b);
    const second = await stream.next();
    if (!second?.x0) throw new Error('no warm start');
    const r = new Float64Array(9);
    spmv(A, second.x0, r);
    let res = 0;
    let nb = 0;
    for (let i = 0; i < 9; i++) {
      res += (b[i] - r[i]) ** 2;
      nb += b[i] ** 2;
    }
    expect(Math.sqrt(res / nb)).toBeLessThan(1e-10);
  });
});
