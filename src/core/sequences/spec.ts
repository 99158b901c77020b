import { compileExpression, ExpressionError } from './expression';
import { jsonErrorOffset } from './jsonErrorOffset';
import { OPERATOR_NAMES, type OperatorSpec } from './operators';

/** Iterative method each instance is solved with. */
export type SolverKind = 'sor' | 'ssor-cg';

/** Evenly spaced omegas: `points` values from `min` to `max` inclusive. */
export interface OmegaGrid {
  min: number;
  max: number;
  points: number;
}

/** Fields shared by every sequence kind (defaults filled in by validation). */
export interface CommonSpec {
  /** Number of systems in the sequence. */
  instances: number;
  /** Relative residual tolerance of every solve. */
  tolerance: number;
  solver: SolverKind;
  omegaGrid: OmegaGrid;
  /** Seed of every random draw in the sequence (learners get their own seed). */
  seed: number;
  /** Iteration cap per solve; an unconverged solve costs exactly this many iterations. */
  maxIterations: number;
  name?: string;
  description?: string;
  /** Directory relative file paths are resolved against (not part of the JSON). */
  baseDir: string;
  /** File name used in messages (not part of the JSON). */
  file: string;
}

/** The unshifted matrix: a 5-point Laplacian, a stencil operator, or a file; `permute` reorders it randomly (P A P^T). */
export type BaseMatrixSpec = ({ laplacian2d: number } | { file: string } | OperatorSpec) & { permute?: number };

export interface DiagonalShiftSpec extends CommonSpec {
  kind: 'diagonal-shift';
  matrix: BaseMatrixSpec;
  /** c_t = low + width * Beta(beta[0], beta[1]). */
  shift: { low: number; width: number; beta: [number, number] };
  rhs: 'truncated-normal' | 'ones';
  /** `withheld`: instances carry no context (learners see only the matrices). */
  context: 'shift' | 'withheld';
}

export interface Heat2dSpec extends CommonSpec {
  kind: 'heat2d';
  /** Grid intervals per side: (nx - 1)^2 unknowns. */
  nx: number;
  stopTime: number;
  /** Time steps from 0 to stopTime; dt = stopTime / steps. */
  steps: number;
  /** kappa(t). */
  coefficient: string;
  /** f(t, x, y). */
  forcing: string;
  /** u(0, x, y). */
  initial: string;
}

export interface FileEntry {
  matrix: string;
  rhs?: string;
  context?: number;
}

export interface FilesSpec extends CommonSpec {
  kind: 'files';
  /** For a glob without an explicit count, 0: every matching file. */
  instances: number;
  /** Explicit list, or one glob pattern (wildcards in the file name part only). */
  files: FileEntry[] | string;
  /** `auto`: the mean change of the diagonal relative to the first matrix. */
  context?: 'auto';
}

export type SequenceSpec = DiagonalShiftSpec | Heat2dSpec | FilesSpec;

export const DEFAULT_COEFFICIENT = 'max(0.1 * sin(2 pi t), -10 * sin(2 pi t))';
export const DEFAULT_FORCING = '32 * bump(x, y, 0.5 + cos(16 pi t) / 4, 0.5 + sin(16 pi t) / 4, 0.125)';
export const DEFAULT_INITIAL = 'bump(x, y, 0.5, 0.5, 0.25)';

/** One problem found in a spec; `path` is a JSONPath such as `$.shift.beta[1]`. */
export interface SpecIssue {
  path: string;
  message: string;
  /** 1-based line in the spec text, when known. */
  line?: number;
}

/** Invalid spec. `message` is one line: `file: $.path: what is wrong` (the first issue). */
export class SpecError extends Error {
  constructor(
    readonly file: string,
    readonly issues: SpecIssue[],
  ) {
    const first = issues[0];
    const where = first.line !== undefined ? `${file}:${first.line}` : file;
    super(first.path ? `${where}: ${first.path}: ${first.message}` : `${where}: ${first.message}`);
    this.name = 'SpecError';
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const COMMON_FIELDS = [
  '$schema',
  'kind',
  'name',
  'description',
  'instances',
  'tolerance',
  'solver',
  'omegaGrid',
  'seed',
  'maxIterations',
];
const KIND_FIELDS: Record<SequenceSpec['kind'], string[]> = {
  'diagonal-shift': ['matrix', 'shift', 'rhs', 'context'],
  heat2d: ['nx', 'stopTime', 'steps', 'coefficient', 'forcing', 'initial'],
  files: ['files', 'context'],
};

/** Parses and validates spec text; throws SpecError (with a line for JSON syntax errors). */
export function parseSpec(text: string, file: string, baseDir: string): SequenceSpec {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (e) {
    const offset = jsonErrorOffset(text);
    const line = offset >= 0 ? text.slice(0, offset).split('\n').length : undefined;
    const near =
      offset >= 0 && offset < text.length ? `unexpected ${JSON.stringify(text[offset])}` : 'unexpected end of text';
    throw new SpecError(file, [
      { path: '', message: offset >= 0 ? `invalid JSON: ${near}` : `invalid JSON: ${(e as Error).message}`, line },
    ]);
  }
  const { spec, issues } = validateSpec(value, file, baseDir);
  if (!spec) throw new SpecError(file, issues);
  return spec;
}

/** Validates a parsed spec and fills in defaults; collects every issue instead of stopping at the first. */
export function validateSpec(
  value: unknown,
  file: string,
  baseDir: string,
): { spec?: SequenceSpec; issues: SpecIssue[] } {
  const v = new Validator();
  const spec = v.spec(value as Json, file, baseDir);
  return v.issues.length > 0 ? { issues: v.issues } : { spec, issues: [] };
}

class Validator {
  readonly issues: SpecIssue[] = [];

  private fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  private object(value: Json | undefined, path: string): Obj | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return this.fail(path, `must be an object, got ${describe(value)}`);
    }
    return value;
  }

  private unknownFields(obj: Obj, path: string, allowed: string[]): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key))
        this.fail(`${path}.${key}`, `unknown field (allowed: ${allowed.filter((k) => k !== '$schema').join(', ')})`);
    }
  }

  private number(
    obj: Obj,
    key: string,
    path: string,
    def: number | undefined,
    check: (x: number) => string | null,
  ): number {
    const p = `${path}.${key}`;
    const raw = obj[key];
    if (raw === undefined) {
      if (def === undefined) this.fail(p, 'is required');
      return def ?? NaN;
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      this.fail(p, `must be a number, got ${describe(raw)}`);
      return NaN;
    }
    const problem = check(raw);
    if (problem) this.fail(p, `${problem}, got ${raw}`);
    return raw;
  }

  private string(obj: Obj, key: string, path: string, def: string | undefined): string | undefined {
    const raw = obj[key];
    if (raw === undefined) {
      if (def === undefined) this.fail(`${path}.${key}`, 'is required');
      return def;
    }
    if (typeof raw !== 'string') return this.fail(`${path}.${key}`, `must be a string, got ${describe(raw)}`);
    return raw;
  }

  private oneOf<T extends string>(obj: Obj, key: string, path: string, allowed: readonly T[], def: T): T {
    const raw = obj[key];
    if (raw === undefined) return def;
    if (typeof raw !== 'string' || !(allowed as readonly string[]).includes(raw)) {
      this.fail(`${path}.${key}`, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(raw)}`);
      return def;
    }
    return raw as T;
  }

  spec(value: Json, file: string, baseDir: string): SequenceSpec | undefined {
    const root = this.object(value, '$');
    if (!root) return undefined;
    const kind = root.kind;
    const kinds = Object.keys(KIND_FIELDS);
    if (typeof kind !== 'string' || !kinds.includes(kind)) {
      return this.fail('$.kind', `must be one of ${kinds.map((k) => `"${k}"`).join(', ')}, got ${describe(kind)}`);
    }
    const k = kind as SequenceSpec['kind'];
    this.unknownFields(root, '$', [...COMMON_FIELDS, ...KIND_FIELDS[k]]);
    const defaults = {
      instances: k === 'heat2d' ? undefined : 5000,
      solver: k === 'heat2d' ? 'ssor-cg' : 'sor',
    } as const;
    const common = this.common(root, file, baseDir, defaults.solver);
    if (k === 'diagonal-shift') return this.diagonalShift(root, common, defaults.instances ?? 5000);
    if (k === 'heat2d') return this.heat2d(root, common);
    return this.files(root, common);
  }

  private common(
    root: Obj,
    file: string,
    baseDir: string,
    solver: SolverKind,
  ): Omit<CommonSpec, 'instances'> & { instances?: number } {
    const posInt = (x: number): string | null => (Number.isInteger(x) && x >= 1 ? null : 'must be a positive integer');
    const instances =
      root.instances === undefined
        ? undefined
        : this.number(
            root,
            'instances',
            '$',
            undefined,
            (x) => posInt(x) ?? (x > 10_000_000 ? 'must be at most 10000000' : null),
          );
    const tolerance = this.number(root, 'tolerance', '$', 1e-8, (x) => (x > 0 && x < 1 ? null : 'must be in (0, 1)'));
    const maxIterations = this.number(root, 'maxIterations', '$', 10000, posInt);
    const seed = this.number(root, 'seed', '$', 0, (x) => (Number.isInteger(x) ? null : 'must be an integer'));
    const solverKind = this.oneOf(root, 'solver', '$', ['sor', 'ssor-cg'] as const, solver);
    const omegaGrid = this.omegaGrid(root.omegaGrid);
    const name = this.string(root, 'name', '$', '');
    const description = this.string(root, 'description', '$', '');
    return {
      instances,
      tolerance,
      maxIterations,
      seed,
      solver: solverKind,
      omegaGrid,
      file,
      baseDir,
      ...(name ? { name } : {}),
      ...(description ? { description } : {}),
    };
  }

  private omegaGrid(value: Json | undefined): OmegaGrid {
    const def: OmegaGrid = { min: 1, max: 1.95, points: 20 };
    if (value === undefined) return def;
    const g = this.object(value, '$.omegaGrid');
    if (!g) return def;
    const path = '$.omegaGrid';
    this.unknownFields(g, path, ['min', 'max', 'points']);
    const inRange = (x: number): string | null => (x > 0 && x < 2 ? null : 'must be in (0, 2)');
    const min = this.number(g, 'min', path, def.min, inRange);
    const max = this.number(g, 'max', path, def.max, inRange);
    const points = this.number(g, 'points', path, def.points, (x) =>
      Number.isInteger(x) && x >= 1 && x <= 1000 ? null : 'must be an integer in [1, 1000]',
    );
    if (min > max) this.fail(`${path}.max`, `must be at least min (${min}), got ${max}`);
    else if (points > 1 && min === max) this.fail(`${path}.max`, `must exceed min when points > 1, got ${max}`);
    return { min, max, points };
  }

  private diagonalShift(root: Obj, common: ReturnType<Validator['common']>, defInstances: number): DiagonalShiftSpec {
    const matrix = root.matrix === undefined ? { laplacian2d: 10 } : this.baseMatrix(root.matrix);
    let shift: DiagonalShiftSpec['shift'] = { low: -0.15, width: 0.6, beta: [0.5, 1.5] };
    if (root.shift !== undefined) {
      const s = this.object(root.shift, '$.shift');
      if (s) {
        this.unknownFields(s, '$.shift', ['low', 'width', 'beta']);
        const low = this.number(s, 'low', '$.shift', shift.low, () => null);
        const width = this.number(s, 'width', '$.shift', shift.width, (x) => (x >= 0 ? null : 'must be non-negative'));
        let beta = shift.beta;
        if (s.beta !== undefined) {
          const b = s.beta;
          if (!Array.isArray(b) || b.length !== 2)
            this.fail('$.shift.beta', `must be [a, b] with a, b > 0, got ${describe(b)}`);
          else {
            b.forEach((x, i) => {
              if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x))
                this.fail(`$.shift.beta[${i}]`, `must be a positive number, got ${describe(x)}`);
            });
            beta = [b[0] as number, b[1] as number];
          }
        }
        shift = { low, width, beta };
      }
    }
    const rhs = this.oneOf(root, 'rhs', '$', ['truncated-normal', 'ones'] as const, 'truncated-normal');
    const context = this.oneOf(root, 'context', '$', ['shift', 'withheld'] as const, 'shift');
    return {
      ...common,
      instances: common.instances ?? defInstances,
      kind: 'diagonal-shift',
      matrix,
      shift,
      rhs,
      context,
    };
  }

  private baseMatrix(value: Json): BaseMatrixSpec {
    const def: BaseMatrixSpec = { laplacian2d: 10 };
    const m = this.object(value, '$.matrix');
    if (!m) return def;
    this.unknownFields(m, '$.matrix', ['laplacian2d', 'file', 'operator', 'size', 'parameter', 'permute']);
    const given = ['laplacian2d', 'file', 'operator'].filter((k) => m[k] !== undefined);
    const permute =
      m.permute === undefined
        ? undefined
        : this.number(m, 'permute', '$.matrix', undefined, (x) =>
            Number.isInteger(x) ? null : 'must be an integer (the seed of the ordering)',
          );
    const withPermute = (b: BaseMatrixSpec): BaseMatrixSpec => (permute !== undefined ? { ...b, permute } : b);
    if (given.length !== 1) {
      this.fail(
        '$.matrix',
        'needs exactly one of "laplacian2d" (grid size), "file" (.mtx path) or "operator" (with "size")',
      );
      return def;
    }
    if (m.laplacian2d !== undefined) {
      return withPermute({
        laplacian2d: this.number(m, 'laplacian2d', '$.matrix', undefined, (x) =>
          Number.isInteger(x) && x >= 1 && x <= 2000 ? null : 'must be an integer in [1, 2000]',
        ),
      });
    }
    if (m.file !== undefined) {
      const f = this.string(m, 'file', '$.matrix', undefined);
      return f !== undefined ? withPermute({ file: f }) : def;
    }
    const operator = this.oneOf(m, 'operator', '$.matrix', OPERATOR_NAMES, 'laplacian9');
    const maxSize = operator === 'anisotropic3d' ? 120 : 2000;
    const size = this.number(m, 'size', '$.matrix', undefined, (x) =>
      Number.isInteger(x) && x >= 1 && x <= maxSize ? null : `must be an integer in [1, ${maxSize}]`,
    );
    const defParameter = operator === 'convection-diffusion' ? 0.5 : operator === 'laplacian9' ? 0 : 0.01;
    const parameter = this.number(m, 'parameter', '$.matrix', defParameter, (x) =>
      operator === 'convection-diffusion'
        ? Math.abs(x) < 1
          ? null
          : 'must be a cell Peclet number in (-1, 1)'
        : x > 0 || operator === 'laplacian9'
          ? null
          : 'must be positive (the coupling weight of the last axis)',
    );
    return withPermute({ operator, size, parameter });
  }

  private heat2d(root: Obj, common: ReturnType<Validator['common']>): Heat2dSpec {
    const nx = this.number(root, 'nx', '$', 25, (x) =>
      Number.isInteger(x) && x >= 2 && x <= 2000 ? null : 'must be an integer in [2, 2000]',
    );
    const stopTime = this.number(root, 'stopTime', '$', 5, (x) => (x > 0 ? null : 'must be positive'));
    const steps = this.number(root, 'steps', '$', 5000, (x) =>
      Number.isInteger(x) && x >= 1 && x <= 10_000_000 ? null : 'must be an integer in [1, 10000000]',
    );
    const instances = common.instances ?? steps;
    if (Number.isFinite(steps) && instances > steps)
      this.fail('$.instances', `must be at most steps (${steps}), got ${instances}`);
    const coefficient = this.expression(root, 'coefficient', DEFAULT_COEFFICIENT, ['t']);
    const forcing = this.expression(root, 'forcing', DEFAULT_FORCING, ['t', 'x', 'y']);
    const initial = this.expression(root, 'initial', DEFAULT_INITIAL, ['x', 'y']);
    const spec: Heat2dSpec = {
      ...common,
      instances,
      kind: 'heat2d',
      nx,
      stopTime,
      steps,
      coefficient,
      forcing,
      initial,
    };
    if (this.issues.length === 0) this.heat2dValues(spec);
    return spec;
  }

  private expression(root: Obj, key: string, def: string, variables: string[]): string {
    const source = this.string(root, key, '$', def) ?? def;
    try {
      compileExpression(source, variables);
    } catch (e) {
      if (e instanceof ExpressionError) this.fail(`$.${key}`, e.message);
      else throw e;
    }
    return source;
  }

  /** Evaluates the coefficient at every half step, and forcing/initial on the grid at the first step. */
  private heat2dValues(spec: Heat2dSpec): void {
    const dt = spec.stopTime / spec.steps;
    const kappa = compileExpression(spec.coefficient, ['t']);
    const arg = new Float64Array(3);
    for (let s = 0; s < spec.instances; s++) {
      arg[0] = (s + 0.5) * dt;
      const k = kappa.evaluate(arg);
      if (!Number.isFinite(k)) {
        this.fail('$.coefficient', `"${spec.coefficient}" evaluates to ${k} at t=${arg[0]}`);
        break;
      }
    }
    const f = compileExpression(spec.forcing, ['t', 'x', 'y']);
    const u0 = compileExpression(spec.initial, ['x', 'y']);
    const h = 1 / spec.nx;
    outer: for (let i = 1; i < spec.nx; i++) {
      for (let j = 1; j < spec.nx; j++) {
        arg[0] = 0.5 * dt;
        arg[1] = i * h;
        arg[2] = j * h;
        const fv = f.evaluate(arg);
        if (!Number.isFinite(fv)) {
          this.fail('$.forcing', `"${spec.forcing}" evaluates to ${fv} at t=${arg[0]}, x=${arg[1]}, y=${arg[2]}`);
          break outer;
        }
        const uv = u0.evaluate([i * h, j * h]);
        if (!Number.isFinite(uv)) {
          this.fail('$.initial', `"${spec.initial}" evaluates to ${uv} at x=${i * h}, y=${j * h}`);
          break outer;
        }
      }
    }
  }

  private files(root: Obj, common: ReturnType<Validator['common']>): FilesSpec {
    const raw = root.files;
    let files: FileEntry[] | string = [];
    if (raw === undefined) this.fail('$.files', 'is required (a list of .mtx paths or entries, or a glob pattern)');
    else if (typeof raw === 'string') files = raw;
    else if (!Array.isArray(raw)) this.fail('$.files', `must be a list or a glob pattern string, got ${describe(raw)}`);
    else {
      if (raw.length === 0) this.fail('$.files', 'must not be empty');
      files = raw.map((entry, i) => this.fileEntry(entry, `$.files[${i}]`));
    }
    let context: 'auto' | undefined;
    if (root.context !== undefined) {
      if (root.context !== 'auto')
        this.fail(
          '$.context',
          `must be "auto" (per-file numbers go in each entry's "context"), got ${describe(root.context)}`,
        );
      else context = 'auto';
    }
    if (context === 'auto' && Array.isArray(files) && files.some((f) => f.context !== undefined)) {
      this.fail('$.context', '"auto" cannot be combined with per-file context numbers');
    }
    if (Array.isArray(files) && files.length > 0) {
      const withContext = files.filter((f) => f.context !== undefined).length;
      if (withContext > 0 && withContext < files.length)
        this.fail('$.files', 'either every entry has a "context" or none does');
      if (common.instances !== undefined && common.instances > files.length)
        this.fail('$.instances', `must be at most the number of files (${files.length}), got ${common.instances}`);
    }
    const instances = common.instances ?? (Array.isArray(files) ? files.length : 0);
    return { ...common, instances, kind: 'files', files, ...(context ? { context } : {}) };
  }

  private fileEntry(entry: Json, path: string): FileEntry {
    if (typeof entry === 'string') return { matrix: entry };
    const e = this.object(entry, path);
    if (!e) return { matrix: '' };
    this.unknownFields(e, path, ['matrix', 'rhs', 'context']);
    const matrix = this.string(e, 'matrix', path, undefined) ?? '';
    const rhs = this.string(e, 'rhs', path, '') || undefined;
    const context = e.context === undefined ? undefined : this.number(e, 'context', path, undefined, () => null);
    return { matrix, ...(rhs ? { rhs } : {}), ...(context !== undefined ? { context } : {}) };
  }
}

function describe(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return String(value);
}

/** The omega values of a grid, evenly spaced and inclusive of both ends. */
export function gridOmegas(grid: OmegaGrid): Float64Array {
  const out = new Float64Array(grid.points);
  if (grid.points === 1) {
    out[0] = grid.min;
    return out;
  }
  for (let i = 0; i < grid.points; i++) out[i] = grid.min + ((grid.max - grid.min) * i) / (grid.points - 1);
  return out;
}
