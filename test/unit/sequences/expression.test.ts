// compileExpression's generated function, and the closure tree a host without generated code gets
// (both reusing subexpressions that read one variable), give exactly what mathjs's own evaluator gives,
// whatever order the points come in.
import { all, create } from 'mathjs';
import seedrandom from 'seedrandom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bump, compileExpression, ExpressionError, MAX_EXPRESSION_CHARS } from '../../../src/core/sequences/expression';
import { DEFAULT_COEFFICIENT, DEFAULT_FORCING, DEFAULT_INITIAL } from '../../../src/core/sequences/spec';

const math = create(all);
math.import({ bump }, { override: true });

function reference(source: string, names: string[], v: number[]): number {
  const r: unknown = math.evaluate(source, Object.fromEntries(names.map((n, i) => [n, v[i]])));
  return typeof r === 'number' ? r : NaN;
}

const cases: [string, string[]][] = [
  [DEFAULT_FORCING, ['t', 'x', 'y']],
  [DEFAULT_COEFFICIENT, ['t']],
  [DEFAULT_INITIAL, ['x', 'y']],
  ['sin(2 pi x) * cos(3 y) + exp(-t) / (1 + x^2) - max(x, 0.5 * t, y)', ['t', 'x', 'y']],
  ['1 / x + 2 * (3 + 4)', ['t', 'x', 'y']],
  ['-x^3 + atan2(y, t - x) * tau - min(t, x, y, 0.25) + +y', ['t', 'x', 'y']],
  ['pow(abs(x), 1.5) * sqrt(t) / (e + 2 pi)', ['t', 'x']],
  ['x', ['t', 'x', 'y']],
  ['3.25', ['t', 'x', 'y']],
  ['tanh(t) * bump(x, y, 0.5 + cos(16 pi t) / 4, 0.5 + sin(16 pi t) / 4, 0.125 + 0 * x)', ['t', 'x', 'y']],
];

/** Grid order (t fixed, x slow, y fast: what heat2d does), then shuffled points, then signed zeros and NaN. */
function pointsFor(source: string, names: string[]): number[][] {
  const rng = seedrandom(source);
  const points: number[][] = [];
  for (const t of [0.0125, 0.3, 0.3, 0.77])
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) points.push([t, i / 6, j / 6].slice(3 - names.length));
  for (let k = 0; k < 200; k++) points.push(names.map(() => (rng() < 0.1 ? 0 : rng() * 2 - 0.5)));
  points.push(
    names.map(() => -0),
    names.map(() => 0),
    names.map(() => NaN),
    names.map(() => -0),
  );
  return points;
}

function expectMathjs(source: string, names: string[]): void {
  const f = compileExpression(source, names);
  for (const p of pointsFor(source, names)) {
    const want = reference(source, names, p);
    const got = f.evaluate(p);
    // === treats 0 and -0 alike: Math.max(0, -0) is 0 where mathjs gives -0, a difference older than the reuse.
    expect(got === want || (Number.isNaN(got) && Number.isNaN(want)), `${source} at ${p}`).toBe(true);
  }
}

describe('compileExpression', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  for (const [source, names] of cases) {
    it(`equals mathjs bit for bit: ${source}`, () => {
      expectMathjs(source, names);
    });
    it(`equals mathjs bit for bit where generated code is forbidden (the closure tree): ${source}`, () => {
      // A content security policy makes \`new Function\` throw: compileExpression must still be right.
      vi.stubGlobal('Function', function forbidden() {
        throw new EvalError('Refused to evaluate a string as JavaScript');
      });
      expectMathjs(source, names);
    });
  }
});

describe('compileExpression on hostile input', () => {
  it('refuses an expression over the length limit, quoting only its start', () => {
    const source = Array.from({ length: 20000 }, () => 'x*y').join('+');
    expect(() => compileExpression(source, ['t', 'x', 'y'])).toThrow(ExpressionError);
    expect(() => compileExpression(source, ['t', 'x', 'y'])).toThrow(
      `"${source.slice(0, 77)}..." is 79999 characters long; an expression may have at most ${MAX_EXPRESSION_CHARS}`,
    );
  });

  it('refuses nesting the stack cannot hold with one sentence, not a RangeError', () => {
    for (const source of ['('.repeat(900) + 'x' + ')'.repeat(900), '-'.repeat(1990) + 'x']) {
      expect(() => compileExpression(source, ['x'])).toThrow(`"${source.slice(0, 77)}..." is nested too deeply`);
    }
  });

  it('compiles 100 nested brackets, 499 unary minuses and a 250-term sum, equal to mathjs', () => {
    expectMathjs('('.repeat(99) + 'sin(x)' + ')'.repeat(99), ['t', 'x', 'y']);
    expectMathjs('-'.repeat(499) + 'x', ['t', 'x', 'y']);
  });

  it('compiles a long flat sum within the limit, equal to mathjs', () => {
    const source = Array.from({ length: 250 }, (_, i) => `${i % 9} * x`).join('+');
    expect(source.length).toBeLessThanOrEqual(MAX_EXPRESSION_CHARS);
    expectMathjs(source, ['t', 'x', 'y']);
  });
});
