import type { CsrMatrix } from '../sparse/csr';
import type { PreparedMatrix } from '../solvers/prepared';
import { kernelBackend } from './backend';
import type { KernelExports } from './exports';
import { WASM_BASE64 } from './kernelsWasmBytes';

const PAGE = 65536;
/** wasm32 addresses 4 GiB; stay well inside it. Larger systems run the TypeScript kernels. */
const MAX_ARENA_BYTES = 2 ** 31;
/** An arena above this size is replaced, not kept, when a much smaller matrix arrives, so memory is given back. */
const KEEP_BYTES = 64 * 2 ** 20;

/**
 * One matrix in WebAssembly memory with `slots` work vectors of n doubles after it. A prepared matrix is
 * copied in once (per thread, until another matrix replaces it), a bare one per solve; solves copy their
 * vectors in and out once, never per iteration. Views and pointers are valid until the next `wasmWorkspace` call.
 */
export interface Workspace {
  readonly exports: KernelExports;
  readonly n: number;
  readonly rowPtr: number;
  readonly colIdx: number;
  readonly values: number;
  /** 0 when the matrix came without a preparation (CG needs no diagonal). */
  readonly diagIdx: number;
  readonly invDiag: number;
  /** Byte offset of work vector `slot` (n doubles each). */
  ptr(slot: number): number;
  /** The work vector `slot` as a Float64Array over the memory. */
  view(slot: number): Float64Array;
  /** Byte offset of two scratch doubles (kernels that return two sums write them here). */
  readonly sums: number;
  readonly sumsView: Float64Array;
}

let compiled: WebAssembly.Module | undefined;
/** One arena per thread (each worker thread has its own module instance). */
let arena: Arena | undefined;

function moduleOf(): WebAssembly.Module {
  if (!compiled) {
    const text = atob(WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** Bytes rounded up to whole doubles, so every region stays 8-byte aligned. */
const aligned = (bytes: number): number => Math.ceil(bytes / 8) * 8;

interface MatrixRegion {
  values: number;
  invDiag: number;
  rowPtr: number;
  colIdx: number;
  diagIdx: number;
  sums: number;
  /** First byte after the matrix: where the work vectors start. */
  end: number;
}

function regionOf(m: CsrMatrix, prepared: boolean): MatrixRegion {
  const n = m.rows;
  const nnz = m.colIdx.length;
  const values = 0;
  const invDiag = values + aligned(nnz * 8);
  const rowPtr = invDiag + (prepared ? aligned(n * 8) : 0);
  const colIdx = rowPtr + aligned((n + 1) * 4);
  const diagIdx = colIdx + aligned(nnz * 4);
  const sums = diagIdx + (prepared ? aligned(n * 4) : 0);
  return { values, invDiag, rowPtr, colIdx, diagIdx, sums, end: sums + 16 };
}

class Arena {
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** The preparation whose matrix is in memory (undefined after a bare matrix was copied in). */
  resident: PreparedMatrix | undefined;
  /** The sparsity pattern (and diagonal positions) in memory: arrays never change once a matrix is built. */
  pattern: { rowPtr: Int32Array; colIdx: Int32Array; diagIdx: Int32Array | undefined } | undefined;

  constructor(bytes: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
    const instance = new WebAssembly.Instance(moduleOf(), { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
  }

  get capacity(): number {
    return this.memory.buffer.byteLength;
  }

  reserve(bytes: number): void {
    if (bytes > this.capacity) this.memory.grow(Math.ceil((bytes - this.capacity) / PAGE));
  }

  /**
   * Copies the matrix (and its preparation) in unless this preparation is already resident. Only a
   * preparation is trusted to be unchanged (its cached diagonal would be stale otherwise); a bare matrix
   * is copied on every solve, since sequences such as heat2d rewrite one matrix's values step by step.
   */
  load(m: CsrMatrix, p: PreparedMatrix | undefined, at: MatrixRegion): void {
    if (p !== undefined && this.resident === p) return;
    const buf = this.memory.buffer;
    new Float64Array(buf, at.values, m.values.length).set(m.values);
    if (p) new Float64Array(buf, at.invDiag, m.rows).set(p.invDiag);
    // A sequence that rewrites one matrix's values (heat2d) keeps its pattern: copy only the values then.
    const diagIdx = p?.diagIdx;
    const q = this.pattern;
    if (q === undefined || q.rowPtr !== m.rowPtr || q.colIdx !== m.colIdx || q.diagIdx !== diagIdx) {
      new Int32Array(buf, at.rowPtr, m.rows + 1).set(m.rowPtr);
      new Int32Array(buf, at.colIdx, m.colIdx.length).set(m.colIdx);
      if (diagIdx) new Int32Array(buf, at.diagIdx, m.rows).set(diagIdx);
      this.pattern = { rowPtr: m.rowPtr, colIdx: m.colIdx, diagIdx };
    }
    this.resident = p;
  }
}

/**
 * A workspace for `a` (a preparation, for the kernels that need the diagonal, or a bare matrix) with
 * `slots` work vectors, or undefined when the TypeScript kernels are selected or the memory cannot be
 * had (the caller then runs the TypeScript kernels, which need no second copy of the matrix).
 */
export function wasmWorkspace(a: CsrMatrix | PreparedMatrix, slots: number): Workspace | undefined {
  if (kernelBackend() !== 'wasm') return undefined;
  const p = 'kind' in a && a.kind === 'prepared' ? a : undefined;
  const m = p ? p.matrix : (a as CsrMatrix);
  const n = m.rows;
  const at = regionOf(m, p !== undefined);
  const bytes = at.end + slots * aligned(n * 8);
  if (bytes > MAX_ARENA_BYTES) return undefined;
  try {
    if (arena && arena.capacity > KEEP_BYTES && bytes * 4 < arena.capacity) arena = undefined;
    if (!arena) arena = new Arena(bytes);
    arena.reserve(bytes);
    arena.load(m, p, at);
  } catch (e) {
    // The arena's memory could not be had (RangeError): fall back, and let it be collected.
    if (e instanceof RangeError) {
      arena = undefined;
      return undefined;
    }
    throw e;
  }
  return workspaceOf(arena, n, at, p !== undefined);
}

function workspaceOf(arena: Arena, n: number, at: MatrixRegion, prepared: boolean): Workspace {
  const buffer = arena.memory.buffer;
  const stride = aligned(n * 8);
  const ptr = (slot: number): number => at.end + slot * stride;
  return {
    exports: arena.exports,
    n,
    rowPtr: at.rowPtr,
    colIdx: at.colIdx,
    values: at.values,
    diagIdx: prepared ? at.diagIdx : 0,
    invDiag: prepared ? at.invDiag : 0,
    ptr,
    view: (slot) => new Float64Array(buffer, ptr(slot), n),
    sums: at.sums,
    sumsView: new Float64Array(buffer, at.sums, 2),
  };
}
