import { describe, expect, it } from 'vitest';
import { runComparison } from '../../../src/core/compare/runner';
import { diagonalShiftSequence } from '../../../src/core/sequences/diagonalShift';
import { laplacian2d } from '../../../src/core/sequences/laplacian2d';
import { parseSpec, type DiagonalShiftSpec } from '../../../src/core/sequences/spec';
import { prepareSor } from '../../../src/core/solvers/prepared';
import { sor } from '../../../src/core/solvers/sor';

function sequence(instances: number) {
  const spec = parseSpec(
    JSON.stringify({
      kind: 'diagonal-shift',
      matrix: { laplacian2d: 6 },
      instances,
      seed: 5,
      omegaGrid: { min: 1, max: 1.9, points: 10 },
    }),
    's.json',
    '/tmp',
  ) as DiagonalShiftSpec;
  return diagonalShiftSequence(spec, laplacian2d(6));
}

const strip = (records: { omega: number; iterations: number; converged: boolean }[]) =>
  records.map((r) => [r.omega, r.iterations, r.converged]);

describe('hindsight comparators on the racing machinery', () => {
  it('grid-optimal raced equals grid-optimal over the full grid, instance by instance', async () => {
    const seq = sequence(30);
    const raced = (await runComparison(seq, ['grid-optimal'])).results[0];
    const full = (await runComparison(seq, ['grid-optimal'], { fullGrid: true })).results[0];
    expect(strip(raced.records)).toEqual(strip(full.records));
  });

  it('instance-optimal reaches the minimum of a fine scan at step 1e-4 on every instance', async () => {
    const seq = sequence(4);
    const io = (await runComparison(seq, ['instance-optimal'])).results[0].records;
    const stream = seq.open(0);
    for (let inst = await stream.next(), t = 0; inst; inst = await stream.next(), t++) {
      const p = prepareSor(inst.A);
      let fine = Infinity;
      let last: Float64Array = new Float64Array(inst.b.length);
      for (let k = 0; k <= 9000; k++) {
        const r = sor(p, inst.b, 1 + k * 1e-4, { tol: seq.info.tolerance, maxIterations: seq.info.maxIterations });
        if (r.converged && r.iterations < fine) fine = r.iterations;
        last = r.x;
      }
      stream.accept(last);
      expect(io[t].converged).toBe(true);
      expect(io[t].iterations).toBeLessThanOrEqual(fine);
      // Its count is a real count at its omega.
      expect(
        sor(p, inst.b, io[t].omega, { tol: seq.info.tolerance, maxIterations: seq.info.maxIterations }).iterations,
      ).toBe(io[t].iterations);
    }
  });

  it('instance-optimal is never worse than grid-optimal, and best-fixed still sees every column', async () => {
    const seq = sequence(20);
    const run = await runComparison(seq, ['best-fixed', 'grid-optimal', 'instance-optimal']);
    const [bf, go, io] = run.results;
    for (let t = 0; t < 20; t++) expect(io.records[t].iterations).toBeLessThanOrEqual(go.records[t].iterations);
    expect(go.totals.totalCost).toBeLessThanOrEqual(bf.totals.totalCost);
  });
});
