// Messages between the server's main thread and its solver worker threads (in-process, not LSP).
import type { MmMatrix } from '../core/io/types';
import type { CsrMatrix } from '../core/sparse/csr';
import type { SearchCandidate } from '../core/tune/omegaSearch';
import type { TunePoint } from '../core/tune/point';
import type { TunePrior } from '../core/tune/prior';
import type { TuneJob } from '../core/tune/session';
import type { LiveChunk } from './liveRecords';
import type {
  LearnRecord,
  MatrixInfo,
  MatrixLimits,
  RunSettings,
  SolveMethod,
  SolveSummary,
  SpyGrid,
  TuneMethod,
  TuneRecord,
} from '../protocol';

/** Progress of a job as a worker reports it: percentage in [0, 100] when known, and one line. */
export type Progress = (percentage: number | undefined, message: string) => void;

export type WorkerTask =
  | {
      kind: 'solve';
      matrix: CsrMatrix;
      file: string;
      method: SolveMethod;
      omega: number;
      settings: RunSettings;
      recordResiduals: boolean;
      /** Send the solution vector back (only when it will be written). */
      wantSolution: boolean;
      /** Applied to a right-hand-side file. */
      limits: MatrixLimits;
    }
  | {
      kind: 'tuneJob';
      matrix: CsrMatrix;
      method: TuneMethod;
      settings: RunSettings;
      job: TuneWorkerJob;
      limits: MatrixLimits;
    }
  | { kind: 'info'; matrix: MmMatrix; uri: string }
  | { kind: 'spy'; matrix: CsrMatrix; maxSide: number }
  | {
      kind: 'learn';
      sourcePath: string;
      learner: string;
      method: TuneMethod;
      settings: RunSettings;
      limits: MatrixLimits;
      /** Comparators beside the learner; undefined = the defaults for the sequence. */
      comparators?: string[];
      /** Send the records back in batches while running. */
      stream: boolean;
    };

/** What a tuning computes; the main thread adds provenance to make a TuneRecord. */
export type TuneComputation = Pick<
  TuneRecord,
  | 'omega'
  | 'iterations'
  | 'converged'
  | 'reason'
  | 'baselines'
  | 'curve'
  | 'evaluations'
  | 'seconds'
  | 'outcome'
  | 'message'
  | 'cost'
  | 'prior'
>;

/** One job of a tuning session run on a worker: the prior, one raced candidate, or a baseline. */
export type TuneWorkerJob =
  { kind: 'prior' } | { kind: 'candidate'; candidate: SearchCandidate } | Extract<TuneJob, { kind: 'baseline' }>;

export type WorkerResult =
  | { kind: 'solve'; summary: SolveSummary; x?: Float64Array }
  | { kind: 'tunePrior'; prior: TunePrior }
  | { kind: 'tunePoint'; point: TunePoint }
  | { kind: 'info'; info: MatrixInfo }
  | { kind: 'spy'; grid: SpyGrid }
  | { kind: 'learn'; record: Omit<LearnRecord, 'software' | 'createdAt'> };

export interface WorkerRequest {
  id: number;
  task: WorkerTask;
}

export type WorkerReply =
  | { id: number; type: 'progress'; percentage?: number; message: string }
  | { id: number; type: 'stream'; chunk: LiveChunk }
  | { id: number; type: 'done'; result: WorkerResult }
  | { id: number; type: 'cancelled'; message: string }
  | { id: number; type: 'failed'; message: string };

/** workerData of every solver worker: marks the thread's role and carries its cancel flag. */
export interface WorkerBoot {
  role: 'relax-solver-worker';
  /** Int32Array over a SharedArrayBuffer: element 0 is 1 while the current job is cancelled. */
  cancelFlag: Int32Array;
}
