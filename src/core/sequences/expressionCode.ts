// An expression tree as one generated JavaScript function: the heat2d forcing is evaluated at every grid
// point of every step (5 M calls for 2000 steps at nx = 50), where a tree of closures spent ~20 ns a
// call and this function ~15 ns. The generated code holds no text of the user's: only `v[i]`, `K[i]` (numbers),
// `F[i](...)` (functions from the fast subset), arithmetic operators and its own locals. The operations and
// their order are the closure tree's, so every value is the same to the last bit.
import type { MathNode } from 'mathjs';

type Fn = (v: ArrayLike<number>) => number;
type Numeric = (...args: number[]) => number;

/** What an expression node is made of, as far as the generator reads it. */
interface NodeShape {
  type: string;
  value?: unknown;
  name?: string;
  fn?: { name?: string } | string;
  args?: MathNode[];
  content?: MathNode;
}

const OPERATORS: Record<string, string> = { add: '+', subtract: '-', multiply: '*', divide: '/' };

/** The fast subset's named functions and constants, as the closure tree of expression.ts has them. */
export interface FastSubset {
  unary: Record<string, (a: number) => number>;
  constants: Record<string, number>;
  bump: (x: number, y: number, cx: number, cy: number, r: number) => number;
}

class Generator {
  readonly consts: number[] = [];
  readonly fns: Numeric[] = [];
  /** Statements run once, when the function is made (subexpressions that read no variable). */
  readonly once: string[] = [];
  /** Per variable, statements re-run only when that variable's value changes. */
  readonly groups: string[][];
  private locals = 0;

  constructor(
    private readonly variables: readonly string[],
    private readonly subset: FastSubset,
  ) {
    this.groups = variables.map(() => []);
  }

  local(): string {
    return `c${this.locals++}`;
  }

  get localCount(): number {
    return this.locals;
  }

  constant(c: number): string {
    this.consts.push(c);
    return `K[${this.consts.length - 1}]`;
  }

  fn(f: Numeric): string {
    let i = this.fns.indexOf(f);
    if (i < 0) i = this.fns.push(f) - 1;
    return `F[${i}]`;
  }

  /**
   * Code for `node`, or null outside the fast subset. Like expression.ts's `reuse`, a subexpression
   * that reads no variable is computed once, and the largest ones that read a single variable of
   * several are kept until that variable changes.
   */
  emit(node: MathNode, cached: boolean): string | null {
    const n = node as unknown as NodeShape;
    if (n.type === 'ConstantNode') return typeof n.value === 'number' ? this.constant(n.value) : null;
    if (n.type === 'SymbolNode') {
      const idx = this.variables.indexOf(n.name ?? '');
      if (idx >= 0) return `x${idx}`;
      const c = this.subset.constants[n.name ?? ''];
      return c === undefined ? null : this.constant(c);
    }
    if (n.type === 'ParenthesisNode') return n.content ? this.emit(n.content, cached) : null;
    if (n.type !== 'OperatorNode' && n.type !== 'FunctionNode') return null;
    const read = variablesRead(node, this.variables);
    const single = read.length === 1 && this.variables.length > 1;
    const code = this.call(n, cached || read.length === 0 || single);
    if (code === null) return null;
    if (read.length === 0 && !cached) return this.keep(this.once, code);
    if (single && !cached) return this.keep(this.groups[read[0]], code);
    return code;
  }

  private keep(into: string[], code: string): string {
    const name = this.local();
    into.push(`${name} = ${code};`);
    return name;
  }

  private call(n: NodeShape, cached: boolean): string | null {
    const parts = (n.args ?? []).map((a) => this.emit(a, cached));
    if (parts.some((p) => p === null)) return null;
    const a = parts as string[];
    return n.type === 'OperatorNode'
      ? this.operator(n.fn as string, a)
      : this.func((n.fn as { name?: string }).name, a);
  }

  private operator(fn: string, a: string[]): string | null {
    if (a.length === 1) return fn === 'unaryMinus' ? `(-${a[0]})` : fn === 'unaryPlus' ? a[0] : null;
    if (a.length !== 2) return null;
    if (fn === 'pow') return `${this.fn(Math.pow)}(${a[0]}, ${a[1]})`;
    const op = OPERATORS[fn];
    return op === undefined ? null : `(${a[0]} ${op} ${a[1]})`;
  }

  private func(name: string | undefined, a: string[]): string | null {
    const u = this.subset.unary[name ?? ''];
    if (u && a.length === 1) return `${this.fn(u)}(${a[0]})`;
    if ((name === 'min' || name === 'max') && a.length >= 1) {
      // Pairwise from the left, as the closure tree folds them.
      const pick = this.fn(name === 'min' ? Math.min : Math.max);
      return a.length === 1 ? `${pick}(${a[0]})` : a.slice(1).reduce((r, x) => `${pick}(${r}, ${x})`, a[0]);
    }
    if (name === 'atan2' && a.length === 2) return `${this.fn(Math.atan2)}(${a[0]}, ${a[1]})`;
    if (name === 'pow' && a.length === 2) return `${this.fn(Math.pow)}(${a[0]}, ${a[1]})`;
    if (name === 'bump' && a.length === 5) return `${this.fn(this.subset.bump)}(${a.join(', ')})`;
    return null;
  }
}

/** The indices of `variables` that `node` reads (function names are not variables). */
export function variablesRead(node: MathNode, variables: readonly string[]): number[] {
  const read = new Set<number>();
  node.traverse((m, _path, parent) => {
    if (m.type !== 'SymbolNode') return;
    if (parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === m) return;
    const idx = variables.indexOf((m as unknown as { name: string }).name);
    if (idx >= 0) read.add(idx);
  });
  return [...read];
}

/**
 * `node` as one generated function of `values` (see the file comment), or null when it uses anything
 * outside the fast subset or the host forbids generated code (a content security policy).
 */
export function generatedEvaluator(node: MathNode, variables: readonly string[], subset: FastSubset): Fn | null {
  const g = new Generator(variables, subset);
  const result = g.emit(node, false);
  if (result === null) return null;
  const reads = variables.map((_, i) => `const x${i} = v[${i}];`);
  // Object.is: -0 and 0 may give different values (1 / x), and NaN is never reused.
  const refresh = g.groups.flatMap((body, i) =>
    body.length === 0 ? [] : [`if (!Object.is(x${i}, k${i}) || x${i} !== x${i}) { k${i} = x${i}; ${body.join(' ')} }`],
  );
  const locals =
    g.localCount > 0 ? [`let ${Array.from({ length: g.localCount }, (_, i) => `c${i} = NaN`).join(', ')};`] : [];
  const keys = variables.map((_, i) => `let k${i} = NaN;`);
  const source = [
    '"use strict";',
    ...locals,
    ...keys,
    ...g.once,
    `return function (v) { ${[...reads, ...refresh, `return ${result};`].join(' ')} };`,
  ].join('\n');
  try {
    // The source is built from the validated tree only (see the file comment).
    return new Function('K', 'F', source)(g.consts, g.fns) as Fn;
  } catch {
    return null;
  }
}
