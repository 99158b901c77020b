import { describe, expect, it } from 'vitest';
import { parseSpec, SpecError, validateSpec } from '../../../src/core/sequences/spec';

function errorOf(json: unknown): string {
  try {
    parseSpec(JSON.stringify(json, null, 2), 'spec.json', '/tmp');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  throw new Error('expected a SpecError');
}

describe('sequence spec validation', () => {
  it('fills the paper defaults for diagonal-shift', () => {
    const spec = parseSpec('{"kind": "diagonal-shift"}', 'spec.json', '/tmp');
    expect(spec).toMatchObject({
      kind: 'diagonal-shift',
      instances: 5000,
      tolerance: 1e-8,
      solver: 'sor',
      seed: 0,
      maxIterations: 10000,
      omegaGrid: { min: 1, max: 1.95, points: 20 },
      matrix: { laplacian2d: 10 },
      shift: { low: -0.15, width: 0.6, beta: [0.5, 1.5] },
      rhs: 'truncated-normal',
    });
  });

  it('heat2d defaults to 5000 steps to t = 5 with SSOR-CG', () => {
    const spec = parseSpec('{"kind": "heat2d", "nx": 5}', 'spec.json', '/tmp');
    expect(spec).toMatchObject({ kind: 'heat2d', nx: 5, steps: 5000, instances: 5000, stopTime: 5, solver: 'ssor-cg' });
  });

  it('names the JSON path of a wrong kind', () => {
    expect(errorOf({ kind: 'diagonal' })).toBe(
      'spec.json: $.kind: must be one of "diagonal-shift", "heat2d", "files", got "diagonal"',
    );
  });

  it('reports unknown fields with their path', () => {
    expect(errorOf({ kind: 'diagonal-shift', shift: { low: 0, widht: 1 } })).toMatch(
      /^spec\.json: \$\.shift\.widht: unknown field \(allowed: low, width, beta\)$/,
    );
    expect(errorOf({ kind: 'heat2d', tolerence: 1e-6 })).toMatch(/^spec\.json: \$\.tolerence: unknown field/);
  });

  it('names array elements in the path', () => {
    expect(errorOf({ kind: 'diagonal-shift', shift: { beta: [0.5, -1] } })).toBe(
      'spec.json: $.shift.beta[1]: must be a positive number, got -1',
    );
    expect(errorOf({ kind: 'files', files: ['a.mtx', { matrix: 'b.mtx', contxt: 1 }] })).toMatch(
      /^spec\.json: \$\.files\[1\]\.contxt: unknown field/,
    );
  });

  it('checks numeric ranges of common fields', () => {
    expect(errorOf({ kind: 'diagonal-shift', omegaGrid: { min: 1, max: 2.5, points: 5 } })).toBe(
      'spec.json: $.omegaGrid.max: must be in (0, 2), got 2.5',
    );
    expect(errorOf({ kind: 'diagonal-shift', instances: 0 })).toBe(
      'spec.json: $.instances: must be a positive integer, got 0',
    );
    expect(errorOf({ kind: 'heat2d', steps: 1e12 })).toBe(
      'spec.json: $.steps: must be an integer in [1, 10000000], got 1000000000000',
    );
    expect(errorOf({ kind: 'diagonal-shift', tolerance: 'small' })).toBe(
      'spec.json: $.tolerance: must be a number, got "small"',
    );
    expect(errorOf({ kind: 'diagonal-shift', solver: 'jacobi' })).toBe(
      'spec.json: $.solver: must be one of "sor", "ssor-cg", got "jacobi"',
    );
  });

  it('reports expressions that do not parse, with the expression and path', () => {
    expect(errorOf({ kind: 'heat2d', forcing: 'sin(t' })).toMatch(/^spec\.json: \$\.forcing: cannot parse "sin\(t"/);
    expect(errorOf({ kind: 'heat2d', initial: 'x + t' })).toBe(
      'spec.json: $.initial: unknown symbol "t" in "x + t" (variables: x, y)',
    );
    expect(errorOf({ kind: 'heat2d', coefficient: 'foo(t)' })).toBe(
      'spec.json: $.coefficient: unknown function "foo" in "foo(t)"',
    );
  });

  it('reports expressions that evaluate to NaN or Infinity', () => {
    expect(errorOf({ kind: 'heat2d', nx: 4, steps: 10, coefficient: 'sqrt(t - 0.3)' })).toBe(
      'spec.json: $.coefficient: "sqrt(t - 0.3)" evaluates to NaN at t=0.25',
    );
    expect(errorOf({ kind: 'heat2d', nx: 4, steps: 10, forcing: '1 / (x - 0.5)' })).toBe(
      'spec.json: $.forcing: "1 / (x - 0.5)" evaluates to Infinity at t=0.25, x=0.5, y=0.25',
    );
  });

  it('gives the line of a JSON syntax error', () => {
    expect(() => parseSpec('{\n  "kind": "heat2d",\n  "nx": ,\n}', 'spec.json', '/tmp')).toThrow(
      /^spec\.json:3: invalid JSON: unexpected ","$/,
    );
  });

  it('collects every issue, not only the first', () => {
    const { spec, issues } = validateSpec(
      { kind: 'diagonal-shift', seed: 1.5, rhs: 'zeros', extra: 1 },
      'spec.json',
      '/tmp',
    );
    expect(spec).toBeUndefined();
    expect(issues.map((i) => i.path).sort()).toEqual(['$.extra', '$.rhs', '$.seed']);
  });

  it('files: per-file contexts must be all or none, and auto excludes numbers', () => {
    expect(errorOf({ kind: 'files', files: [{ matrix: 'a.mtx', context: 1 }, 'b.mtx'] })).toBe(
      'spec.json: $.files: either every entry has a "context" or none does',
    );
    expect(errorOf({ kind: 'files', files: ['a.mtx'], context: 'mean' })).toMatch(
      /^spec\.json: \$\.context: must be "auto"/,
    );
  });
});

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on validity and points at the first bad character', async () => {
    const { jsonErrorOffset } = await import('../../../src/core/sequences/jsonErrorOffset');
    const valid = ['{}', '[1, -2.5e3, "a\\n\\u00e9", true, false, null, {"k": [ ]}]', ' 0 '];
    for (const v of valid) expect(jsonErrorOffset(v)).toBe(-1);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('[1 2]')).toBe(3);
    expect(jsonErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
  });
});
