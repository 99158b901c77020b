// Tunings saved by version 1 (points marked notRun, flags only when set) still load, in the current shape.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResultStore } from '../../src/server/resultStore';
import { pointText } from '../../src/server/tuneTitle';

const ws = mkdtempSync(path.join(tmpdir(), 'relax-saved-tune-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));
const fixture = (name: string): string => path.join(__dirname, '../fixtures/saved', name);

describe('saved tunings of schemaVersion 1', () => {
  it('load as TunePoints: reasons kept, flags made explicit, notRun become reason not-run', async () => {
    mkdirSync(path.join(ws, '.relax'));
    for (const name of ['v1.mtx.sor.json', 'v1-refused.mtx.ssor-cg.json'])
      copyFileSync(fixture(name), path.join(ws, '.relax', name));
    const store = new ResultStore([ws]);
    expect(await store.load()).toBe(2);
    const found = store.get('file:///w/v1.mtx').sor?.record;
    expect(found?.schemaVersion).toBe(2);
    expect(found?.curve).toEqual([
      {
        omega: 1.5,
        iterations: 194,
        converged: false,
        reason: 'max-iterations',
        relativeResidual: 0.0031,
        abandoned: true,
        estimated: false,
      },
      {
        omega: 1.7798,
        iterations: 101,
        converged: true,
        reason: 'converged',
        relativeResidual: 8.1e-9,
        abandoned: false,
        estimated: false,
      },
      {
        omega: 1.7931,
        iterations: 97,
        converged: true,
        reason: 'converged',
        relativeResidual: 9.2e-9,
        abandoned: false,
        estimated: false,
      },
    ]);
    expect(found?.baselines.omega1).toMatchObject({ omega: 1, iterations: 23500, estimated: true, abandoned: false });
    expect(pointText(found!.baselines.omega1, 10000)).toBe('≈ 23500, estimated');
    expect(pointText(found!.curve[0], 10000)).toBe('> 194');
    const refused = store.get('file:///w/v1-refused.mtx')['ssor-cg']?.record;
    expect(refused?.baselines.omega1).toEqual({
      omega: 1,
      iterations: 0,
      converged: false,
      reason: 'not-run',
      abandoned: false,
      estimated: false,
    });
    expect(pointText(refused!.baselines.omega1, 10000)).toBe('not run');
    expect(refused).toMatchObject({ reason: 'not-applicable', converged: false });
  });
});
