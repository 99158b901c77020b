import { describe, expect, it } from 'vitest';
import type { ResidualHistory, SingleMatrixReport } from '../../../src/protocol';
import { pt } from '../../helpers/tunePoint';
import { residualColumns, tuneColumns, tuneMarkers } from '../../../webview/data/single';

const hist = (
  role: ResidualHistory['role'],
  omega: number,
  residuals: number[],
  method: ResidualHistory['method'] = 'sor',
): ResidualHistory => ({
  label: role,
  method,
  role,
  omega,
  iterations: residuals.length - 1,
  converged: true,
  residuals,
});

describe('residualColumns', () => {
  it('aligns histories of different lengths and nulls what cannot be drawn on a log axis', () => {
    const { x, ys } = residualColumns([
      hist('tuned', 1.8, [1, 0.1, 0]),
      hist('omega1', 1, [1, 0.5, 0.25, 0.125, Number.NaN]),
    ]);
    expect(x).toEqual([0, 1, 2, 3, 4]);
    expect(ys).toEqual([
      [1, 0.1, null, null, null],
      [1, 0.5, 0.25, 0.125, null],
    ]);
  });
  it("downsamples long histories but keeps each one's last iteration", () => {
    const long = Array.from({ length: 10_001 }, (_, i) => 0.999 ** i);
    const short = Array.from({ length: 98 }, (_, i) => 0.8 ** i);
    const { x, ys } = residualColumns([hist('omega1', 1, long), hist('tuned', 1.8, short)], 500);
    expect(x.length).toBeLessThanOrEqual(501);
    expect(x).toContain(97);
    expect(x[x.length - 1]).toBe(10_000);
    expect(ys[1][x.indexOf(97)]).toBeCloseTo(0.8 ** 97, 15);
    expect(ys[0][x.length - 1]).toBeCloseTo(0.999 ** 10_000, 15);
  });
  it('returns empty columns for no histories', () => {
    expect(residualColumns([])).toEqual({ x: [], ys: [] });
  });
});

describe('tuneColumns / tuneMarkers', () => {
  const report: SingleMatrixReport = {
    kind: 'single',
    title: 'gr_30_30.mtx',
    facts: [],
    tune: {
      method: 'sor',
      omega: 1.8,
      iterations: 97,
      converged: true,
      reason: 'converged',
      curve: [pt(1.9, 180, true), pt(1.5, 387, true), pt(1.8, 97, true), pt(1.99, 10000, false)],
    },
    residuals: [hist('omega1', 1, [1, 0.9]), hist('young', 1.7695, [1, 0.5]), hist('young', 1.5, [1], 'ssor-cg')],
  };
  it('marks omega = 1 and Young only for the tuned method', () => {
    expect(tuneMarkers(report)).toEqual([
      { role: 'omega1', label: 'ω = 1', omega: 1, iterations: 1, converged: true },
      { role: 'young', label: 'Young ω* = 1.77', omega: 1.7695, iterations: 1, converged: true },
    ]);
  });
  it('sorts omegas and separates converged, capped, chosen and marker points', () => {
    const c = tuneColumns(report, tuneMarkers(report));
    expect(c.x).toEqual([1, 1.5, 1.7695, 1.8, 1.9, 1.99]);
    expect(c.converged).toEqual([null, 387, null, 97, 180, null]);
    expect(c.capped).toEqual([null, null, null, null, null, 10000]);
    expect(c.abandoned).toEqual([null, null, null, null, null, null]);
    expect(c.chosen).toEqual([null, null, null, 97, null, null]);
    expect(c.marks).toEqual([
      [1, null, null, null, null, null],
      [null, null, 1, null, null, null],
    ]);
  });
});

describe('tuneColumns for a tuning where nothing converged', () => {
  // poisson1033 (singular): every SOR solve stagnated after a few hundred sweeps, far below the cap.
  const stagnated = (omega: number, iterations: number) =>
    pt(omega, iterations, false, { reason: 'stagnated', relativeResidual: 0.5 });
  const report: SingleMatrixReport = {
    kind: 'single',
    title: 'poisson1033.mtx',
    facts: [],
    tune: {
      method: 'sor',
      converged: false,
      reason: 'stagnated',
      message: 'Every SOR solve stagnated',
      curve: [stagnated(1, 450), stagnated(1.5, 300)],
      maxIterations: 10000,
    },
    residuals: [{ ...hist('omega1', 1, [1, 0.9, 0.8]), converged: false, reason: 'stagnated' }],
  };
  it('draws every unconverged point, markers included, on the cap line and no chosen ring', () => {
    const markers = tuneMarkers(report);
    expect(markers).toEqual([
      { role: 'omega1', label: 'ω = 1 (not converged)', omega: 1, iterations: 10000, converged: false },
    ]);
    const c = tuneColumns(report, markers);
    expect(c.x).toEqual([1, 1.5]);
    expect(c.converged).toEqual([null, null]);
    expect(c.capped).toEqual([10000, 10000]);
    expect(c.chosen).toEqual([null, null]);
    expect(c.marks).toEqual([[10000, null]]);
  });
});

describe('tuneColumns for a raced search', () => {
  it('draws an abandoned point at its racing cap, apart from the unconverged ones on the cap line', () => {
    const report: SingleMatrixReport = {
      kind: 'single',
      title: 'gr_30_30.mtx',
      facts: [],
      tune: {
        method: 'sor',
        omega: 1.8,
        iterations: 97,
        converged: true,
        reason: 'converged',
        maxIterations: 10000,
        curve: [pt(1.5, 99, false, { abandoned: true }), pt(1.8, 97, true)],
      },
      residuals: [],
    };
    const c = tuneColumns(report, []);
    expect(c.abandoned).toEqual([99, null]);
    expect(c.capped).toEqual([null, null]);
    expect(c.converged).toEqual([null, 97]);
  });
});
