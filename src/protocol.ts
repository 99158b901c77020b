/**
 * The one contract between the extension host, the language server and the webview.
 * Every custom request, notification and command id is named here and nowhere else.
 * `vscode-jsonrpc`'s root export is platform neutral, so the server imports this without `vscode`.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { LearningRecord } from './core/compare/learningRecord';
import type { SpyGrid } from './core/sparse/spyBinning';
import type { TuneMethod, TunePoint } from './core/tune/point';
import type { TuneReason } from './core/tune/verdict';

export type { TuneReason };

// ───────────────────────────── Language server protocol (extension helper) ─────────────────────────────

/** Solvers a run may use; `cg` has no omega. */
export type SolveMethod = 'sor' | 'ssor-cg' | 'cg';
/** Methods whose omega can be tuned: one type, defined beside the tuner. */
export type { TuneMethod };

/** Right-hand side of the system: ones, A·ones, seeded uniform random in [-1, 1), or a vector `.mtx` file. */
export interface RhsSpec {
  kind: 'ones' | 'a-times-ones' | 'random' | 'file';
  /** URI of a vector Matrix Market file when kind is `file`. */
  uri?: string;
}

/** Limits checked before a matrix is allocated: one type, defined beside the reader. */
export type { MatrixLimits } from './core/io/types';

/** Everything a run depends on; the client reads it from `relax.*` settings before each run. */
export interface RunSettings {
  /** Relative residual tolerance. */
  tolerance: number;
  maxIterations: number;
  /** Closed interval searched for omega, inside (0, 2). */
  omegaRange: [number, number];
  gridPoints: number;
  rhs: RhsSpec;
  /** Seed for the random right-hand side and learners. */
  seed: number;
  /** Start each solve of a sequence from the previous solution. */
  warmStart: boolean;
}

/**
 * The part of the `relax` settings section the server reads itself: sent as initializationOptions and
 * in didChangeConfiguration as `{ relax: ... }`. Run settings travel with each request instead.
 */
export interface ServerSettings {
  maxMatrixRows?: number;
  maxStoredEntries?: number;
  maxMatrixMemoryMB?: number;
}

/** Params of long jobs; `workDoneToken` is the LSP work-done progress token ($/progress). */
export interface JobParams {
  workDoneToken?: string | number;
}

/** How a job ended. A cancelled or failed job carries a one-line message and never a stack trace. */
export type JobOutcome<T> =
  { status: 'completed'; result: T } | { status: 'cancelled'; message: string } | { status: 'failed'; message: string };

export interface MatrixParams {
  /** `file:` URI of the matrix; the server reads it from disk unless it is open in the editor. */
  uri: string;
}

/** What the hover shows, computed once per file version. */
export interface MatrixInfo {
  uri: string;
  rows: number;
  cols: number;
  /** Entries in the file's data lines. */
  declaredEntries: number;
  /** Entries in the expanded sparse matrix (symmetric halves mirrored). */
  storedEntries: number;
  format: 'coordinate' | 'array';
  field: 'real' | 'integer' | 'pattern' | 'complex';
  symmetry: 'general' | 'symmetric' | 'skew-symmetric' | 'hermitian';
  /** Rows whose diagonal is not stored, is exactly zero, or is negative. */
  diagonal: { missing: number; zero: number; negative: number };
  /** `strict`: |a_ii| > Σ|a_ij| in every row; `weak`: ≥ in every row and > in one. */
  dominance: 'strict' | 'weak' | 'none';
  /** Rows where |a_ii| ≥ Σ_{j≠i}|a_ij|. */
  dominantRows: number;
  /** Symmetric within the relative `symmetryTolerance` (stored symmetric, or measured). */
  symmetric: boolean;
  /** One sentence on symmetric positive definiteness, e.g. `SPD (symmetric, positive diagonal, diagonally dominant)`. */
  spdHint: string;
  /** Power-iteration estimate of the Jacobi iteration matrix's spectral radius. */
  jacobiRho: number | null;
  jacobiRhoConverged: boolean;
  /** Young's optimal SOR omega 2/(1+sqrt(1-rho²)); null when rho ≥ 1 or unknown. */
  youngOmega: number | null;
  /** Exactly symmetric, value for value (`symmetric` allows the relative `symmetryTolerance`). */
  exactlySymmetric: boolean;
  /** max |a_ij − a_ji| / max |a_ij|; null when not square. */
  relativeAsymmetry: number | null;
  symmetryTolerance: number;
  /** Whether SSOR-CG (and CG) can run: the cheap necessary conditions for SPD; `message` says why not. */
  ssorCg: { applies: boolean; message?: string };
  /** Reader warnings (kept out of the matrix). */
  warnings: number;
}

/** One point of an iterations-versus-omega curve: one type, defined beside the tuner that makes it. */
export type { TunePoint };

/**
 * Version of the saved tuning. 2: curve and baseline points are the one TunePoint (a skipped baseline has
 * reason `not-run`, the flags are always present, `work` is kept); 1 marked skipped ones `notRun` and may
 * lack reasons and flags, and is still read (upgraded when read).
 */
export const TUNE_SCHEMA_VERSION = 2;

/** Work of one tuning in iterations (SOR sweeps or PCG iterations; the estimate in sweeps). */
export interface TuneCostSummary {
  estimate: number;
  search: number;
  baselines: number;
  total: number;
}

/** Provenance stored with every saved result. */
export interface MatrixStamp {
  uri: string;
  /** Path relative to the workspace folder (or absolute when outside). */
  file: string;
  mtimeMs: number;
  bytes: number;
  rows: number;
  storedEntries: number;
}

/** A saved tuning run: the JSON under `.relax/`. */
export interface TuneRecord {
  kind: 'tune';
  schemaVersion: typeof TUNE_SCHEMA_VERSION;
  software: { name: string; version: string };
  createdAt: string;
  matrix: MatrixStamp;
  inputs: {
    method: TuneMethod;
    tolerance: number;
    maxIterations: number;
    omegaRange: [number, number];
    gridPoints: number;
    rhs: RhsSpec;
    seed: number;
  };
  /** Best ω and its count: present only when a solve converged (never a count no solve reached). */
  omega?: number;
  iterations?: number;
  converged: boolean;
  /** `converged`, the stop reason that ended the tuning, or `not-applicable` when the method was refused up front. */
  reason: TuneReason;
  /** One sentence for people whenever `converged` is false: what happened and what to try. */
  message?: string;
  /** Baselines; `omega1` has reason `not-run` when no solve ran for it (refused, nothing converged, or stopped first). */
  baselines: { omega1: TunePoint; young: TunePoint | null };
  curve: TunePoint[];
  evaluations: number;
  seconds: number;
  /** `found`, or `gave-up` (nothing converged near the prior: see message), `exhausted`, `cancelled`. Absent in older records. */
  outcome?: 'found' | 'gave-up' | 'exhausted' | 'cancelled';
  cost?: TuneCostSummary;
  /** Where the search started: Young's omega* or a coarse bracket. */
  prior?: { source: 'young' | 'coarse'; omega: number; note: string };
}

export interface TuneParams extends MatrixParams, JobParams {
  method: TuneMethod;
  settings: RunSettings;
}

/** A saved tuning: its record and where it was written (core's in-thread run is TuneRun). */
export interface TuneResult {
  record: TuneRecord;
  /** URI of the saved JSON under `.relax/`. */
  resultUri: string;
}

export interface SolveParams extends MatrixParams, JobParams {
  method: SolveMethod;
  /** Ignored for `cg`. */
  omega: number;
  settings: RunSettings;
  /** Write the solution as `<matrix>.solution.mtx` next to the matrix. */
  writeSolution?: boolean;
  /** Return the relative residual after each iteration. */
  recordResiduals?: boolean;
}

export interface SolveSummary {
  method: SolveMethod;
  omega: number;
  iterations: number;
  converged: boolean;
  /** `not-applicable`: refused before any iteration (a CG-family method on a matrix that cannot be SPD); `message` says why. */
  reason:
    | 'converged'
    | 'max-iterations'
    | 'diverged'
    | 'not-positive-definite'
    | 'stagnated'
    | 'cancelled'
    | 'time-budget'
    | 'not-applicable';
  relativeResidual: number;
  seconds: number;
  message?: string;
  residuals?: number[];
  solutionUri?: string;
}

export interface LearnParams extends JobParams {
  /** A `*.relax.json` sequence spec, or a folder whose `.mtx` files form the sequence (name order). */
  uri: string;
  /** Learner name from the registry, or `auto` (ChebCB when instances carry a context, else Tsallis-INF). */
  learner: string;
  settings: RunSettings;
  /** Solver for a folder of files (a spec names its own); default `sor`. */
  method?: TuneMethod;
  /**
   * Comparators run beside the learner (`young`, `best-fixed`, `grid-optimal`, `instance-optimal`, `fixed=W`, `cg`).
   * Absent: `young` plus the hindsight comparators when the grid is affordable (see `defaultComparators`); `[]`: none.
   */
  comparators?: string[];
  /** When set, the run streams its records as `relax/learnRecords` notifications tagged with this id. */
  streamId?: string;
}

/** What one policy did on one instance: one type, defined beside the runner that makes it. */
export type { LearningRecord };

/**
 * Version of the saved learning run. 2: records keyed `t` (the one LearningRecord, with wall time);
 * 1 keyed them `index`, and is still read (upgraded when read).
 */
export const LEARN_SCHEMA_VERSION = 2;

/** A saved learning run. */
export interface LearnRecord {
  kind: 'learn';
  schemaVersion: typeof LEARN_SCHEMA_VERSION;
  software: { name: string; version: string };
  createdAt: string;
  source: string;
  learner: string;
  inputs: { tolerance: number; maxIterations: number; omegaRange: [number, number]; seed: number; warmStart: boolean };
  /** Solver the sequence uses. */
  method: TuneMethod;
  /** Instances in the sequence; `steps` is shorter when the run was cancelled. */
  instances: number;
  cancelled: boolean;
  /** Why the run ended early, for people: `Cancelled at instance 812` (the last one completed, 1-based). */
  message?: string;
  steps: LearningRecord[];
  totalIterations: number;
  extraSweeps: number;
  /** Instances that hit the cap; each costs the cap in `totalIterations`. */
  unconverged: number;
  /** The comparators run beside the learner, the grid, and what was skipped or why the run stopped. */
  details?: LearnDetails;
  seconds: number;
}

export interface LearnResult {
  record: LearnRecord;
  resultUri: string;
}

/** One comparator of a learning run, as saved in `LearnRecord.details.comparators`. */
export interface LearnComparator {
  name: string;
  /** Set for comparators that know the whole run in advance (best-fixed, grid-optimal, instance-optimal). */
  hindsight: boolean;
  /** The omega a fixed choice used (fixed=W, best-fixed). */
  omega?: number;
  steps: LearningRecord[];
  totalIterations: number;
  extraSweeps: number;
  unconverged: number;
}

/** `LearnRecord.details` of a run made by the language server. */
export interface LearnDetails {
  comparators: LearnComparator[];
  /** Iterations at every grid omega per instance (row-major, `instances` rows), when hindsight comparators ran. */
  grid?: { omegas: number[]; iterations: number[] };
  /** Set on a partial result the client saved because the run stopped (server lost): why it stopped. */
  failed?: string;
  /** Default comparators left out because of their cost, each with why and how to run it. */
  skipped?: SkippedComparator[];
}

/** A default comparator a learning run did not run, with the reason a person reads in the report. */
export interface SkippedComparator {
  name: string;
  reason: string;
}

/**
 * Records of a running learning run, batched by the server (about 10 per second). Online series
 * (the learner, `young`, `fixed=W`) stream per instance; hindsight series arrive in the final batch,
 * since they are known only when the run ends. `final` marks the last batch of the run.
 */
export interface LearnRecordsParams {
  streamId: string;
  /** The spec or folder URI of the run. */
  uri: string;
  /** Instances finished so far, and planned. */
  done: number;
  instances: number;
  batches: RecordBatch[];
  heatmapRows?: IterationHeatmapRows;
  final?: boolean;
}

export interface CancelParams {
  /** Cancel the jobs of this matrix only; all jobs when absent. */
  uri?: string;
}

/** Last saved tuning results of a matrix, per method. */
export interface StoredResults {
  uri: string;
  sor?: TuneResult;
  'ssor-cg'?: TuneResult;
  /** True when the matrix changed on disk after the result was computed. */
  stale: boolean;
}

/** Jobs running or queued in the server. */
export interface JobsStatus {
  running: { uri: string; kind: 'solve' | 'tune' | 'learn' }[];
  queued: number;
}

export const InfoRequest = new RequestType<MatrixParams, JobOutcome<MatrixInfo>, void>('relax/info');
export const SolveRequest = new RequestType<SolveParams, JobOutcome<SolveSummary>, void>('relax/solve');
export const TuneRequest = new RequestType<TuneParams, JobOutcome<TuneResult>, void>('relax/tune');
export const LearnRequest = new RequestType<LearnParams, JobOutcome<LearnResult>, void>('relax/learn');
/** Cancels running and queued jobs; returns how many were cancelled. */
export const CancelRequest = new RequestType<CancelParams, { cancelled: number }, void>('relax/cancel');
export const ResultsRequest = new RequestType<MatrixParams, StoredResults, void>('relax/results');
export const JobsRequest = new RequestType<void, JobsStatus, void>('relax/jobs');
/** The sparsity pattern binned to at most `maxSide` pixels a side (the webview's spy plot). */
export const SpyRequest = new RequestType<MatrixParams & { maxSide?: number }, JobOutcome<SpyGrid>, void>('relax/spy');
/** Sent after a result file was written (atomically). */
export const ResultSavedNotification = new NotificationType<{ uri: string; result: TuneResult }>('relax/resultSaved');
export const JobsChangedNotification = new NotificationType<JobsStatus>('relax/jobsChanged');
/** Live records of a learning run that was sent with a `streamId`. */
export const LearnRecordsNotification = new NotificationType<LearnRecordsParams>('relax/learnRecords');

/** Client command ids (lenses reference them from the server). */
export const Commands = {
  tune: 'relax.tune',
  tuneSsor: 'relax.tuneSsor',
  solve: 'relax.solve',
  learn: 'relax.learn',
  cancel: 'relax.cancel',
  exportParameters: 'relax.exportParameters',
  showServerOutput: 'relax.showServerOutput',
  showMatrix: 'relax.showMatrix',
  copyPetscOptions: 'relax.copyPetscOptions',
  openReport: 'relax.openReport',
  attachSimulation: 'relax.attachSimulation',
} as const;

/** The language id contributed for `*.mtx`. */
export const MATRIX_MARKET_LANGUAGE = 'matrix-market';

// ───────────────────────────── Webview <-> extension messages (webview helper) ─────────────────────────────
// Everything the `relax.report` panel shows or sends. Payloads are plain JSON (no typed arrays)
// because postMessage and getState/setState structured-clone them.

/** The one webview panel type of the extension. */
export const REPORT_PANEL_VIEW_TYPE = 'relax.report';

/** Relative residual history of one solve, for the log-scale convergence chart. */
export interface ResidualHistory {
  /** Legend text, e.g. `SOR ω=1.62 (tuned)`. */
  label: string;
  method: 'sor' | 'ssor-cg' | 'cg';
  /** Which omega this is: the tuned one, omega = 1, Young's omega*, or anything else. */
  role: 'tuned' | 'omega1' | 'young' | 'other';
  omega: number;
  iterations: number;
  converged: boolean;
  /** Why the solve stopped (absent in reports saved before reasons were kept). */
  reason?: SolveSummary['reason'];
  /** ||r_k|| / ||r_0|| (SOR) or ||r_k|| / ||b|| (CG family) after iteration k; index 0 = initial. */
  residuals: number[];
}

/** One labelled fact of the facts table (size, entries, symmetry, dominance, estimates). */
export interface MatrixFact {
  label: string;
  value: string;
  /** Optional explanation shown as a tooltip and read by screen readers. */
  detail?: string;
}

/** Sparsity pattern binned to pixels, computed on the server (src/core/sparse/spyBinning.ts). */
export type { SpyGrid };

export interface SingleMatrixReport {
  kind: 'single';
  /** Panel title, usually the file name. */
  title: string;
  /** Source file path or URI string, for export file names and the Re-run command. */
  source?: string;
  facts: MatrixFact[];
  tune?: {
    method: 'sor' | 'ssor-cg';
    /** The best ω and its count, only when a solve converged. */
    omega?: number;
    iterations?: number;
    converged: boolean;
    /** Why the tuning ended (`converged`, a stop reason, or `not-applicable`). */
    reason: TuneReason;
    /** What happened and what to try, whenever nothing converged. */
    message?: string;
    curve: TunePoint[];
    /** Iteration cap used, drawn as the ceiling for unconverged points. */
    maxIterations?: number;
  };
  residuals: ResidualHistory[];
  spy?: SpyGrid;
  /** Ready-to-paste PETSc options for the chosen omega, e.g. `-ksp_type richardson -pc_type sor -pc_sor_omega 1.62`. */
  petscOptions?: string;
}

/** The records of the learner or of one comparator (omega = 1, Young, best fixed in hindsight, ...). */
export interface LearningSeries {
  name: string;
  role: 'learner' | 'comparator';
  /** Whether the learner uses the context (enables the omega-vs-context scatter). */
  contextual: boolean;
  /** Hindsight comparators know the whole sequence in advance; shown with this label. */
  hindsight?: string;
  records: LearningRecord[];
}

/** Per-series totals; when absent the panel computes them from the records. */
export interface LearningTotal {
  name: string;
  instances: number;
  iterations: number;
  extraSweeps: number;
  unconverged: number;
}

/** Iterations over (instance, omega grid), when a comparator evaluated the whole grid. */
export interface IterationHeatmap {
  omegas: number[];
  /** Instance indices of the rows, in order. */
  instances: number[];
  /** Row-major: `iterations[i * omegas.length + j]` for instances[i] and omegas[j]; null = not evaluated. */
  iterations: (number | null)[];
  /** Cap used; capped cells are drawn as unconverged. */
  maxIterations?: number;
}

export interface LearningReport {
  kind: 'learning';
  title: string;
  source?: string;
  /** Planned number of instances (for the x range while the run is live). */
  instances: number;
  method: 'sor' | 'ssor-cg';
  series: LearningSeries[];
  totals?: LearningTotal[];
  heatmap?: IterationHeatmap;
  /** Free-form hindsight notes, e.g. `best fixed ω in hindsight = 1.71 (12 034 iterations)`. */
  hindsight?: string[];
  petscOptions?: string;
}

export type Report = SingleMatrixReport | LearningReport;

/** Run state shown in the panel's status line. */
export type RunStatus = 'idle' | 'running' | 'completed' | 'cancelled' | 'failed';

/** Extension host -> webview. */
export type PanelInboundMessage =
  /** Replace the whole report (first show, re-run, restore), with the status line's notice (`Cancelled at instance 812`). */
  | { type: 'report'; report: Report; status?: RunStatus; message?: string }
  /** Live status text and optional fraction in [0, 1]. */
  | { type: 'progress'; message: string; fraction?: number }
  /** New records appended to learning series, batched by the host (about 10 messages per second). */
  | { type: 'records'; batches: RecordBatch[]; heatmapRows?: IterationHeatmapRows }
  /** The run ended. */
  | { type: 'status'; status: RunStatus; message?: string }
  /** Answer to an export or copy request, shown briefly in the status line. */
  | { type: 'notice'; message: string };

/**
 * Records for one series. `role`, `contextual` and `hindsight` describe a series the report does not
 * have yet (defaults: comparator, not contextual); they are ignored for an existing series.
 */
export interface RecordBatch {
  series: string;
  records: LearningRecord[];
  role?: LearningSeries['role'];
  contextual?: boolean;
  hindsight?: string;
}

/** Rows appended to the heat map while live. */
export interface IterationHeatmapRows {
  omegas: number[];
  instances: number[];
  iterations: (number | null)[];
}

/** Export formats; `png` carries a data URL of one chart, `csv`/`json` carry text. */
export type ExportFormat = 'png' | 'csv' | 'json';

/** Webview -> extension host. */
export type PanelOutboundMessage =
  | { type: 'ready' }
  /** The webview drew the live updates it had: the host may send the next (merged) one. */
  | { type: 'drawn' }
  | { type: 'cancel' }
  | { type: 'rerun' }
  | { type: 'copyPetsc' }
  | { type: 'export'; format: ExportFormat; suggestedName: string; content: string };
