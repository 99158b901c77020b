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
  if (source.length > MAX_EXPRESSION_CHARS) {
    throw new ExpressionError(
      `"${shown(source)}" is ${source.length} characters long; an expression may have at most ${MAX_EXPRESSION_CHARS}`,
    );
  }
  try {
    return compileChecked(source, variables);
  } catch (e) {
    // Parsing, the name check and both evaluators recurse over the tree.
    if (e instanceof RangeError) throw new ExpressionError(`"${shown(source)}" is nested too deeply`);
    throw e;
  }
}

/**
 * Longest expression a spec may hold: far beyond any formula a person writes, and short enough that
 * parsing and the evaluators' recursion over its tree stay well inside the stack.
 */
export const MAX_EXPRESSION_CHARS = 2000;

/**
 * Deepest expression tree compiled: the same refusal whatever stack the host gives (a worker thread's
 * is larger than the CLI's), and far beyond any formula a person writes.
 */
export const MAX_EXPRESSION_DEPTH = 500;

/**
 * Deepest nesting of brackets parsed: mathjs's parser recurses through every precedence level per
 * bracket, so about 300 levels overflow the CLI's stack; refused before parsing, on every host alike.
 */
export const MAX_BRACKET_DEPTH = 100;

/** The deepest nesting of ( and [ in `source`. */
function bracketDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91) deepest = Math.max(deepest, ++depth);
    else if (c === 41 || c === 93) depth--;
  }
  return deepest;
}

/** Depth of the tree (a leaf is 1), walked with an explicit stack so a deep tree cannot overflow it. */
function treeDepth(root: MathNode): number {
  let deepest = 0;
  const stack: [MathNode, number][] = [[root, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    deepest = Math.max(deepest, depth);
    node.forEach((child) => stack.push([child, depth + 1]));
  }
  return deepest;
}

/** The start of a long expression, for messages (a hostile spec's 100 kB formula is not echoed). */
function shown(source: string): string {
  return source.length <= 80 ? source : `${source.slice(0, 77)}...`;
}

function compileChecked(source: string, variables: readonly string[]): CompiledExpression {
  if (bracketDepth(source) > MAX_BRACKET_DEPTH) throw new RangeError('nested too deeply');
  let node: MathNode;
  try {
    node = math.parse(source);
  } catch (e) {
    if (e instanceof RangeError) throw e;
    throw new ExpressionError(`cannot parse "${shown(source)}": ${(e as Error).message}`);
  }
  if (treeDepth(node) > MAX_EXPRESSION_DEPTH) throw new RangeError('nested too deeply');
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
          throw new ExpressionError(`unknown function "${name}" in "${shown(source)}"`);
        }
      } else if (!variables.includes(name) && !(name in constants)) {
        const allowed = variables.length > 0 ? variables.join(', ') : 'none';
        throw new ExpressionError(`unknown symbol "${name}" in "${shown(source)}" (variables: ${allowed})`);
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
