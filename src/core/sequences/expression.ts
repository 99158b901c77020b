import { create, all, type MathNode, type EvalFunction } from 'mathjs';
import { generatedEvaluator, variablesRead } from './expressionCode';

/** A compiled scalar expression of named variables, evaluated with values in declaration order. */
export interface CompiledExpression {
  readonly source: string;
  readonly variables: readonly string[];
  /** Evaluates with `values[i]` bound to `variables[i]`; returns NaN rather than throwing on bad values. */
  evaluate(values: ArrayLike<number>): number;
}

/** Raised for an expression that does not parse or names something unknown; message says what and where. */
export class ExpressionError extends Error {}

/** bump(x, y, cx, cy, r) = exp(1 - 1 / (1 - min(1, |(x, y) - (cx, cy)|^2 / r^2))): smooth, 1 at the centre, 0 outside radius r. */
export function bump(x: number, y: number, cx: number, cy: number, r: number): number {
  const d = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
  if (d >= 1) return 0;
  return Math.exp(1 - 1 / (1 - d));
}

const math = create(all);
math.import({ bump }, { override: true });

type Fn = (v: ArrayLike<number>) => number;

const unary: Record<string, (a: number) => number> = {
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  exp: Math.exp,
  log: Math.log,
  log10: Math.log10,
  sqrt: Math.sqrt,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  sign: Math.sign,
  cbrt: Math.cbrt,
};
const constants: Record<string, number> = { pi: Math.PI, PI: Math.PI, e: Math.E, E: Math.E, tau: 2 * Math.PI };
const FAST_SUBSET = { unary, constants, bump };

/**
 * Compiles `source` once. Arithmetic, powers and the common elementary functions (plus min, max, atan2,
 * bump) become one generated function (expressionCode.ts), or where a host forbids generated code a
 * tree of plain closures with the same values; anything else falls back to mathjs's own compiled form.
 * Unknown symbols and functions are rejected here.
 */
export function compileExpression(source: string, variables: readonly string[]): CompiledExpression {
  let node: MathNode;
  try {
    node = math.parse(source);
  } catch (e) {
    throw new ExpressionError(`cannot parse "${source}": ${(e as Error).message}`);
  }
  checkNames(node, source, variables);
  const fast = generatedEvaluator(node, variables, FAST_SUBSET) ?? toClosure(node, variables);
  const evaluate = fast ?? mathjsEvaluator(node.compile(), variables);
  return { source, variables, evaluate };
}

function checkNames(root: MathNode, source: string, variables: readonly string[]): void {
  root.traverse((node, _path, parent) => {
    if (node.type === 'SymbolNode') {
      const name = (node as unknown as { name: string }).name;
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === node;
      if (isCallee) {
        if (typeof (math as unknown as Record<string, unknown>)[name] !== 'function') {
          throw new ExpressionError(`unknown function "${name}" in "${source}"`);
        }
      } else if (!variables.includes(name) && !(name in constants)) {
        const allowed = variables.length > 0 ? variables.join(', ') : 'none';
        throw new ExpressionError(`unknown symbol "${name}" in "${source}" (variables: ${allowed})`);
      }
    }
  });
}

function mathjsEvaluator(code: EvalFunction, variables: readonly string[]): Fn {
  const scope = new Map<string, number>();
  return (v) => {
    for (let i = 0; i < variables.length; i++) scope.set(variables[i], v[i]);
    try {
      const r: unknown = code.evaluate(scope);
      return typeof r === 'number' ? r : NaN;
    } catch {
      return NaN;
    }
  };
}

/** Returns null when the tree uses anything outside the fast subset. */
function toClosure(node: MathNode, variables: readonly string[]): Fn | null {
  const n = node as unknown as {
    type: string;
    value?: unknown;
    name?: string;
    op?: string;
    fn?: { name?: string } | string;
    args?: MathNode[];
    content?: MathNode;
  };
  switch (n.type) {
    case 'ConstantNode': {
      if (typeof n.value !== 'number') return null;
      const c = n.value;
      return () => c;
    }
    case 'SymbolNode': {
      const idx = variables.indexOf(n.name ?? '');
      if (idx >= 0) return (v) => v[idx];
      const c = constants[n.name ?? ''];
      return c === undefined ? null : () => c;
    }
    case 'ParenthesisNode':
      return n.content ? toClosure(n.content, variables) : null;
    case 'OperatorNode':
      return reuse(node, variables, operatorClosure(n.fn as string, n.args ?? [], variables));
    case 'FunctionNode':
      return reuse(node, variables, functionClosure((n.fn as { name?: string }).name ?? '', n.args ?? [], variables));
    default:
      return null;
  }
}

/**
 * Evaluates a subexpression again only when what it reads changes: one that reads no variable is folded
 * to its value, one that reads a single variable of several keeps its last result. A grid loop calls
 * the forcing with t fixed and x on the slow index, so the t-only and x-only parts (the moving bump's
 * centre) are computed once per step or row instead of once per point. The values are the same.
 */
function reuse(node: MathNode, variables: readonly string[], f: Fn | null): Fn | null {
  if (f === null) return null;
  const read = variablesRead(node, variables);
  if (read.length === 0) {
    const c = f([]);
    return () => c;
  }
  if (read.length > 1 || variables.length === 1) return f;
  const idx = read[0];
  let key = NaN;
  let value = NaN;
  return (v) => {
    const x = v[idx];
    // Object.is: -0 and 0 may give different values (1 / x), and NaN is never reused.
    if (!Object.is(x, key) || Number.isNaN(x)) {
      key = x;
      value = f(v);
    }
    return value;
  };
}

function operatorClosure(fn: string, args: MathNode[], variables: readonly string[]): Fn | null {
  const parts = args.map((a) => toClosure(a, variables));
  if (parts.some((p) => p === null)) return null;
  const [a, b] = parts as Fn[];
  if (parts.length === 1) {
    if (fn === 'unaryMinus') return (v) => -a(v);
    if (fn === 'unaryPlus') return a;
    return null;
  }
  if (parts.length !== 2) return null;
  switch (fn) {
    case 'add':
      return (v) => a(v) + b(v);
    case 'subtract':
      return (v) => a(v) - b(v);
    case 'multiply':
      return (v) => a(v) * b(v);
    case 'divide':
      return (v) => a(v) / b(v);
    case 'pow':
      return (v) => Math.pow(a(v), b(v));
    default:
      return null;
  }
}

function functionClosure(name: string, args: MathNode[], variables: readonly string[]): Fn | null {
  const parts = args.map((a) => toClosure(a, variables));
  if (parts.some((p) => p === null)) return null;
  const f = parts as Fn[];
  const u = unary[name];
  if (u && f.length === 1) {
    const a = f[0];
    return (v) => u(a(v));
  }
  if ((name === 'min' || name === 'max') && f.length >= 1) {
    const pick = name === 'min' ? Math.min : Math.max;
    if (f.length === 2) {
      const [a, b] = f;
      return (v) => pick(a(v), b(v));
    }
    return (v) => {
      let r = f[0](v);
      for (let i = 1; i < f.length; i++) r = pick(r, f[i](v));
      return r;
    };
  }
  if (name === 'atan2' && f.length === 2) {
    const [a, b] = f;
    return (v) => Math.atan2(a(v), b(v));
  }
  if (name === 'pow' && f.length === 2) {
    const [a, b] = f;
    return (v) => Math.pow(a(v), b(v));
  }
  if (name === 'bump' && f.length === 5) {
    const [x, y, cx, cy, r] = f;
    return (v) => bump(x(v), y(v), cx(v), cy(v), r(v));
  }
  return null;
}
