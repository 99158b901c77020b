import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { solvableMatrix, writeMatrixMarketVector } from '../core/io/matrixMarket';
import {
  CancelRequest,
  JobsRequest,
  LearnRecordsNotification,
  LearnRequest,
  ResultSavedNotification,
  ResultsRequest,
  SolveRequest,
  TuneRequest,
  TUNE_SCHEMA_VERSION,
  type JobOutcome,
  type LearnParams,
  type LearnResult,
  type MatrixLimits,
  type SolveParams,
  type SolveSummary,
  type StoredResults,
  type TuneParams,
  type TuneRecord,
  type TuneResult,
} from '../protocol';
import { writeFileAtomic } from '../node/atomicWrite';
import { JobControl } from './jobControl';
import type { JobKind, JobQueue } from './jobQueue';
import type { MatrixCache, ParsedMatrix } from './matrixCache';
import type { ResultStore } from './resultStore';
import { runSettingsProblem } from './settings';
import { SOFTWARE } from '../core/software';
import type { StreamSink, WorkerPool, WorkerOutcome } from './workerPool';
import { runPooledTune } from './tuneTask';
import type { WorkerTask } from './workerMessages';

export interface JobDeps {
  connection: Connection;
  cache: MatrixCache;
  store: ResultStore;
  queue: JobQueue;
  pool: WorkerPool;
  limits: () => MatrixLimits;
  /** Called after a result file was written. */
  onResultSaved: (uri: string) => void;
}

function failed<T>(message: string): JobOutcome<T> {
  return { status: 'failed', message };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The first reader error of a parse that produced no matrix, as `file:line: message`. */
function parseFailure(p: ParsedMatrix): string {
  const e = p.diagnostics.find((d) => d.severity === 'error') ?? p.diagnostics[0];
  return e ? `${e.file}:${e.line}: ${e.message}` : `${p.path}: not a readable Matrix Market file`;
}

/**
 * The long-running requests. Each runs inside the per-matrix queue, on a worker thread, reporting
 * `$/progress` when the client sent a work-done token and stopping when the request is cancelled
 * (or `relax/cancel` names its matrix). Failures come back as `{ status: 'failed', message }`.
 */
export class JobsFeature {
  constructor(private readonly d: JobDeps) {
    const c = d.connection;
    c.onRequest(SolveRequest, (p, token) => this.guard(() => this.solve(p, token)));
    c.onRequest(TuneRequest, (p, token) => this.guard(() => this.tune(p, token)));
    c.onRequest(LearnRequest, (p, token) => this.guard(() => this.learn(p, token)));
    // Answered once the cancelled jobs have ended: after the answer, none of them sends anything more.
    c.onRequest(CancelRequest, async (p) => ({ cancelled: await d.queue.cancelAndWait(p?.uri) }));
    c.onRequest(ResultsRequest, (p) => this.results(p.uri));
    c.onRequest(JobsRequest, () => d.queue.status());
  }

  private async guard<T>(run: () => Promise<JobOutcome<T>>): Promise<JobOutcome<T>> {
    try {
      return await run();
    } catch (err) {
      return failed(errorText(err));
    }
  }

  /** Queues `body` for `uri` with progress and cancellation wired; `body` sees the job's parse. */
  private async queued<T>(
    uri: string,
    kind: JobKind,
    title: string,
    params: { workDoneToken?: string | number },
    token: CancellationToken,
    body: (control: JobControl, progress: WorkDoneProgressReporter) => Promise<JobOutcome<T>>,
  ): Promise<JobOutcome<T>> {
    const control = new JobControl();
    const sub = token.onCancellationRequested(() => control.cancel());
    const progress = this.d.connection.languages.attachWorkDoneProgress(params);
    progress.begin(
      title,
      0,
      this.d.queue.isBusy(uri) ? 'waiting for the running job on this matrix' : 'starting',
      true,
    );
    try {
      const out = await this.d.queue.run(uri, kind, control, async (): Promise<JobOutcome<T>> => {
        try {
          return await body(control, progress);
        } catch (err) {
          // A read stopped by this job's cancel is a cancellation, not a failure.
          if (control.cancelled) return { status: 'cancelled', message: 'cancelled' };
          throw err;
        }
      });
      return out ?? { status: 'cancelled', message: 'cancelled before it started' };
    } finally {
      sub.dispose();
      progress.done();
    }
  }

  private async runOnWorker(
    task: WorkerTask,
    control: JobControl,
    progress: WorkDoneProgressReporter,
    onStream?: StreamSink,
  ): Promise<WorkerOutcome> {
    return this.d.pool.run(
      task,
      control,
      (percentage, message) => {
        if (percentage === undefined) progress.report(message);
        else progress.report(percentage, message);
      },
      onStream,
    );
  }

  private async matrixFor(
    uri: string,
    control: JobControl,
    progress: WorkDoneProgressReporter,
  ): Promise<ParsedMatrix & { matrix: NonNullable<ParsedMatrix['matrix']> }> {
    const name = path.basename(uri);
    const parsed = await this.d.cache.get(uri, {
      onProgress: (f) => progress.report(Math.round(100 * f), `reading ${name}: ${Math.round(100 * f)}%`),
      isCancelled: () => control.cancelled,
    });
    if (!parsed.matrix) throw new Error(parseFailure(parsed));
    // Refuses complex, pattern and non-square matrices with the reader's `file:line:` message.
    solvableMatrix(parsed.matrix);
    return parsed as ParsedMatrix & { matrix: NonNullable<ParsedMatrix['matrix']> };
  }

  private solve(p: SolveParams, token: CancellationToken): Promise<JobOutcome<SolveSummary>> {
    const problem = runSettingsProblem(p.settings);
    if (problem) return Promise.resolve(failed(problem));
    if (p.method !== 'sor' && p.method !== 'ssor-cg' && p.method !== 'cg')
      return Promise.resolve(failed(`unknown method "${String(p.method)}"`));
    return this.queued(
      p.uri,
      'solve',
      `Solving ${path.basename(p.uri)} (${p.method})`,
      p,
      token,
      async (control, progress) => {
        const parsed = await this.matrixFor(p.uri, control, progress);
        const task: WorkerTask = {
          kind: 'solve',
          matrix: parsed.matrix.csr,
          file: parsed.path,
          method: p.method,
          omega: p.omega,
          settings: p.settings,
          recordResiduals: p.recordResiduals === true,
          wantSolution: p.writeSolution === true,
          limits: this.d.limits(),
        };
        const out = await this.runOnWorker(task, control, progress);
        if (out.status !== 'done') return out;
        if (out.result.kind !== 'solve') return failed('internal: unexpected worker result');
        const summary = out.result.summary;
        if (summary.reason === 'cancelled') return { status: 'cancelled', message: 'cancelled' };
        if (p.writeSolution && out.result.x)
          summary.solutionUri = await this.writeSolution(parsed.path, p, summary, out.result.x);
        return { status: 'completed', result: summary };
      },
    );
  }

  private async writeSolution(matrixPath: string, p: SolveParams, s: SolveSummary, x: Float64Array): Promise<string> {
    const target = matrixPath.replace(/\.mtx(\.gz)?$/, '') + '.solution.mtx';
    const comment = `Relax ${SOFTWARE.version}: ${p.method} omega=${s.omega} iterations=${s.iterations} converged=${s.converged} relres=${s.relativeResidual}`;
    await writeFileAtomic(target, writeMatrixMarketVector(x, comment));
    return pathToFileURL(target).toString();
  }

  private tune(p: TuneParams, token: CancellationToken): Promise<JobOutcome<TuneResult>> {
    const problem = runSettingsProblem(p.settings);
    if (problem) return Promise.resolve(failed(problem));
    if (p.method !== 'sor' && p.method !== 'ssor-cg')
      return Promise.resolve(failed(`cannot tune method "${String(p.method)}"`));
    const name = p.method === 'sor' ? 'SOR' : 'SSOR-CG';
    return this.queued(
      p.uri,
      'tune',
      `Tuning ω (${name}) for ${path.basename(p.uri)}`,
      p,
      token,
      async (control, progress) => {
        const parsed = await this.matrixFor(p.uri, control, progress);
        const onProgress = (percentage: number | undefined, message: string): void => {
          if (percentage === undefined) progress.report(message);
          else progress.report(percentage, message);
        };
        const other = this.d.store.get(parsed.uri)[p.method === 'sor' ? 'ssor-cg' : 'sor']?.record;
        const alternative =
          other?.converged && other.omega !== undefined && other.iterations !== undefined
            ? { method: other.inputs.method, omega: other.omega, iterations: other.iterations }
            : undefined;
        const out = await runPooledTune(
          this.d.pool,
          parsed.matrix.csr,
          p.method,
          p.settings,
          control,
          onProgress,
          this.d.limits(),
          alternative,
        );
        if (out.status !== 'done') return out;
        if (control.cancelled) return { status: 'cancelled', message: 'cancelled' };
        const t = out.tune;
        const record: TuneRecord = {
          kind: 'tune',
          schemaVersion: TUNE_SCHEMA_VERSION,
          software: SOFTWARE,
          createdAt: new Date().toISOString(),
          matrix: {
            uri: parsed.uri,
            file: parsed.path,
            mtimeMs: parsed.stamp.mtimeMs,
            bytes: parsed.stamp.bytes,
            rows: parsed.matrix.csr.rows,
            storedEntries: parsed.matrix.csr.rowPtr[parsed.matrix.csr.rows],
          },
          inputs: {
            method: p.method,
            tolerance: p.settings.tolerance,
            maxIterations: p.settings.maxIterations,
            omegaRange: p.settings.omegaRange,
            gridPoints: p.settings.gridPoints,
            rhs: p.settings.rhs,
            seed: p.settings.seed,
          },
          ...t,
        };
        const result = await this.d.store.saveTune(record);
        void this.d.connection.sendNotification(ResultSavedNotification, { uri: parsed.uri, result });
        this.d.onResultSaved(parsed.uri);
        return { status: 'completed', result };
      },
    );
  }

  private learn(p: LearnParams, token: CancellationToken): Promise<JobOutcome<LearnResult>> {
    const problem = runSettingsProblem(p.settings);
    if (problem) return Promise.resolve(failed(problem));
    if (typeof p.learner !== 'string' || p.learner === '')
      return Promise.resolve(failed('relax.learner must name a learner'));
    const source = fileURLToPath(p.uri);
    return this.queued(
      p.uri,
      'learn',
      `Learning ω (${p.learner}) on ${path.basename(source)}`,
      p,
      token,
      async (control, progress) => {
        await fs.stat(source).catch(() => {
          throw new Error(`${source}: cannot read the sequence (it does not exist or is not accessible)`);
        });
        const method = p.method === 'ssor-cg' ? 'ssor-cg' : 'sor';
        const comparators = Array.isArray(p.comparators)
          ? p.comparators.filter((c): c is string => typeof c === 'string')
          : undefined;
        const streamId = typeof p.streamId === 'string' ? p.streamId : undefined;
        const task: WorkerTask = {
          kind: 'learn',
          sourcePath: source,
          learner: p.learner,
          method,
          settings: p.settings,
          limits: this.d.limits(),
          ...(comparators ? { comparators } : {}),
          stream: streamId !== undefined,
        };
        // Worker messages arrive in order, so every batch is sent before the response below.
        const onStream: StreamSink | undefined = streamId
          ? (chunk) =>
              void this.d.connection.sendNotification(LearnRecordsNotification, { streamId, uri: p.uri, ...chunk })
          : undefined;
        const out = await this.runOnWorker(task, control, progress, onStream);
        if (out.status !== 'done') return out;
        if (out.result.kind !== 'learn') return failed('internal: unexpected worker result');
        const record = { ...out.result.record, software: SOFTWARE, createdAt: new Date().toISOString() };
        const resultUri = await this.d.store.saveLearn(record, source);
        return { status: 'completed', result: { record, resultUri } };
      },
    );
  }

  private async results(uri: string): Promise<StoredResults> {
    await this.d.store.whenLoaded();
    const saved = this.d.store.get(uri);
    let stale = false;
    try {
      const st = await fs.stat(fileURLToPath(uri));
      stale = Object.values(saved).some(
        (r) => r && (r.record.matrix.mtimeMs !== st.mtimeMs || r.record.matrix.bytes !== st.size),
      );
    } catch {
      stale = Object.keys(saved).length > 0;
    }
    return { uri, ...saved, stale };
  }
}
