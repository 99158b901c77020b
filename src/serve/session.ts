import { basename } from 'node:path';
import type { Learner, LearnerState, PredictInput } from '../core/learn/learner';
import { DEFAULT_GRID, type OmegaGrid } from '../core/learn/options';
import {
  PROTOCOL_VERSION,
  parseRequest,
  type HelloRequest,
  type ObserveRequest,
  type PredictRequest,
  type ServeReply,
  type ServeRequest,
  type SessionSummary,
} from './protocol';
import { writeFileAtomicSync } from '../node/atomicWrite';
import { MAX_ECHO_BYTES, MAX_TAG_BYTES } from '../node/serveLimits';
import { restoreChecked } from './learnerCheck';
import { StateLockError, lockStateFile } from './stateLock';
import { StateNameError, resolveStateFile } from './stateName';
import type { LearningRecord } from '../core/compare/learningRecord';
import {
  RECENT_LIMIT,
  SERVE_STATE_VERSION,
  StateFileError,
  readSnapshot,
  recordsPathFor,
  type ServeConfig,
  type ServeStateSnapshot,
} from '../node/serveState';
import { appendRecords, trimRecords } from './stateFile';
import { tokensEqual } from './tokenCheck';

/** How the session makes learners: the learner registry in production. */
export interface LearnerFactory {
  create(
    name: string,
    options: { grid?: OmegaGrid; seed: string | number; contextRange?: [number, number]; solver?: 'sor' | 'ssor-cg' },
  ): Learner;
  restore(state: LearnerState): Learner;
}

export interface SessionOptions {
  factory: LearnerFactory;
  /** When set (TCP), hello must carry this token. */
  token?: string;
  /** Directory state files are resolved against (`--state-dir`; default: process.cwd()). */
  stateDir?: string;
  /** Accept only plain file names for `stateFile`, kept inside `stateDir` (TCP clients). */
  stateNamesOnly?: boolean;
  /** Claims a state file for this session and returns its release (default: {@link lockStateFile}). */
  lock?: (stateFile: string) => () => void;
  /** Milliseconds clock for the save throttle (default performance.now). */
  now?: () => number;
  /** Told about a failed deferred write (disk full, directory removed); the service keeps running. */
  onWarning?: (message: string) => void;
}

/**
 * Without `saveEvery`, the snapshot is written at most this often (and on `save` and disconnect):
 * serialising a learner costs up to a millisecond, more than a fast simulation step, and a crash
 * then loses at most this much learning.
 */
export const SAVE_INTERVAL_MS = 200;

/** Reply plus whether the transport should close the connection (failed authentication). */
export interface HandledLine {
  reply: ServeReply;
  close: boolean;
}

class ProtocolError extends Error {}
class AuthError extends Error {}

interface Pending {
  id: number;
  omega: number;
  context?: number;
  jacobiRho?: number;
}

/** The learner's input for a served predict (the service never sees the matrix). */
function predictInput(context: number | undefined, jacobiRho: number | undefined): PredictInput {
  const input: PredictInput = {};
  if (context !== undefined) input.context = context;
  if (jacobiRho !== undefined) input.jacobiRho = jacobiRho;
  return input;
}

interface Active {
  learner: Learner;
  config: ServeConfig;
  stateFile: string | null;
  /** Releases the claim on the state file. */
  release: () => void;
  /** Write the snapshot every k observes; null: at most every SAVE_INTERVAL_MS. */
  saveEvery: number | null;
  lastSaveMs: number;
  steps: number;
  totalIterations: number;
  unconverged: number;
  totalSeconds: number;
  recent: LearningRecord[];
  pending: Pending | null;
  /** Observes not yet in the snapshot, oldest first (replayed when saving with a prediction pending). */
  unsaved: LearningRecord[];
  /** Records not yet appended to the records file. */
  unwritten: LearningRecord[];
}

const RECENT_MEAN_WINDOW = 50;

/** Longest error message: with the tag it stays under MAX_ECHO_BYTES of echoed client data. */
const MAX_ERROR_CHARS = MAX_ECHO_BYTES - MAX_TAG_BYTES;

/** Grid from hello: explicit grid, or a range with `points` (default 20), or the paper's default. */
function gridOf(hello: HelloRequest): OmegaGrid {
  if (hello.grid) return hello.grid;
  if (hello.range) return { min: hello.range[0], max: hello.range[1], points: hello.points ?? DEFAULT_GRID.points };
  return { ...DEFAULT_GRID };
}

/**
 * One client's conversation with the learner: hello, then predict/observe pairs, summary and save
 * at any time after hello. Never throws on bad input; every problem becomes an error reply.
 */
export class ServeSession {
  private line = 0;
  private active: Active | null = null;

  constructor(private readonly options: SessionOptions) {}

  /** Handles one input line and returns the reply to write back. */
  handleLine(text: string): HandledLine {
    this.line++;
    const parsed = parseRequest(text);
    if (!parsed.ok) return { reply: this.error(parsed.type, parsed.error, parsed.tag), close: false };
    const request = parsed.request;
    try {
      return { reply: this.dispatch(request), close: false };
    } catch (e) {
      const authFailed = e instanceof AuthError;
      if (
        e instanceof ProtocolError ||
        e instanceof StateFileError ||
        e instanceof StateNameError ||
        e instanceof StateLockError ||
        authFailed
      ) {
        return { reply: this.error(request.type, e.message, request.tag), close: authFailed };
      }
      // Learner construction errors (unknown learner, missing context range) are user errors too.
      if (e instanceof Error && request.type === 'hello')
        return { reply: this.error('hello', e.message, request.tag), close: false };
      // A failing learner or disk must not take the service down: the client hears about it.
      const message = e instanceof Error ? e.message : String(e);
      return { reply: this.error(request.type, `${request.type} failed: ${message}`, request.tag), close: false };
    }
  }

  /** Saves all unsaved progress and releases the state file (the client disconnected). */
  close(): void {
    const active = this.active;
    if (!active) return;
    if (active.unsaved.length > 0) this.saveReporting(active);
    active.release();
  }

  /** Whether observes are not yet on disk (the transport then calls {@link flush} later). */
  needsFlush(): boolean {
    return this.active?.stateFile != null && this.active.unsaved.length > 0;
  }

  /**
   * Writes what observe left unsaved (the throttle was not yet due); the transport calls it once
   * the client has gone quiet. Exact even with a prediction pending (see saveExact).
   */
  flush(): void {
    const active = this.active;
    if (!active?.stateFile || active.unsaved.length === 0) return;
    this.saveReporting(active);
  }

  /** A write outside a request has no reply to carry its error: report it, keep serving, retry later. */
  private saveReporting(active: Active): void {
    try {
      this.saveExact(active);
    } catch (e) {
      this.options.onWarning?.(`cannot write ${active.stateFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  summary(): SessionSummary | null {
    return this.active ? this.summaryOf(this.active) : null;
  }

  /** Whether hello succeeded on this connection. */
  started(): boolean {
    return this.active !== null;
  }

  /** Counts a line the transport refused unread (too long) and returns its error reply. */
  refuseLine(error: string): ServeReply {
    this.line++;
    return this.error(null, error, undefined);
  }

  private error(type: string | null, error: string, tag: unknown): ServeReply {
    const clipped = error.length <= MAX_ERROR_CHARS ? error : `${error.slice(0, MAX_ERROR_CHARS)}…`;
    const reply: ServeReply = { ok: false, type, error: clipped, line: this.line };
    if (tag !== undefined) reply.tag = tag;
    return reply;
  }

  private dispatch(request: ServeRequest): ServeReply {
    const reply = this.reply(request);
    if (request.tag !== undefined) reply.tag = request.tag;
    return reply;
  }

  private reply(request: ServeRequest): ServeReply {
    if (request.type === 'hello') return this.hello(request);
    const active = this.active;
    if (!active) throw new ProtocolError(`${request.type} before hello: send hello first`);
    switch (request.type) {
      case 'predict':
        return this.predict(active, request);
      case 'observe':
        return this.observe(active, request);
      case 'summary':
        return { ok: true, type: 'summary', ...this.summaryOf(active) };
      case 'save': {
        if (!active.stateFile) throw new ProtocolError('save: no "stateFile" was given in hello');
        this.saveExact(active);
        return { ok: true, type: 'save', stateFile: active.stateFile, steps: active.steps };
      }
    }
  }

  private hello(hello: HelloRequest): ServeReply {
    if (this.options.token !== undefined && !tokensEqual(hello.token ?? '', this.options.token)) {
      throw new AuthError('hello: wrong or missing "token" (this server was started with --token)');
    }
    if (this.active) throw new ProtocolError('hello: already received on this connection');
    const stateFile = hello.stateFile
      ? resolveStateFile(hello.stateFile, this.options.stateDir ?? process.cwd(), this.options.stateNamesOnly === true)
      : null;
    const release = stateFile ? (this.options.lock ?? lockStateFile)(stateFile) : () => undefined;
    try {
      return this.start(hello, stateFile, release);
    } catch (e) {
      release();
      throw e;
    }
  }

  private start(hello: HelloRequest, stateFile: string | null, release: () => void): ServeReply {
    const snapshot = stateFile ? readSnapshot(stateFile) : undefined;
    const config: ServeConfig = { learner: hello.learner, grid: gridOf(hello), seed: hello.seed };
    if (hello.contextRange) config.contextRange = hello.contextRange;
    if (hello.solver) config.solver = hello.solver;
    let learner: Learner;
    if (snapshot) {
      if (snapshot.config.learner !== hello.learner) {
        throw new ProtocolError(
          `hello: ${stateFile} holds a "${snapshot.config.learner}" learner, not "${hello.learner}" (use another stateFile to start afresh)`,
        );
      }
      try {
        learner = restoreChecked(snapshot.learnerState, snapshot.config, (s) => this.options.factory.restore(s));
      } catch (e) {
        throw new StateFileError(`${stateFile}: not a usable state file: ${(e as Error).message}`);
      }
    } else {
      learner = this.options.factory.create(hello.learner, {
        grid: config.grid,
        seed: hello.seed,
        contextRange: hello.contextRange,
        solver: hello.solver,
      });
    }
    if (stateFile && snapshot) trimRecords(recordsPathFor(stateFile), snapshot.steps);
    const active: Active = {
      learner,
      config: snapshot ? snapshot.config : config,
      stateFile,
      release,
      saveEvery: hello.saveEvery ?? null,
      lastSaveMs: 0,
      steps: snapshot?.steps ?? 0,
      totalIterations: snapshot?.totalIterations ?? 0,
      unconverged: snapshot?.unconverged ?? 0,
      totalSeconds: snapshot?.totalSeconds ?? 0,
      recent: snapshot?.recent ?? [],
      pending: null,
      unsaved: [],
      unwritten: [],
    };
    if (stateFile && !snapshot) this.save(active, learner);
    this.active = active;
    return {
      ok: true,
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      learner: learner.name,
      contextual: learner.contextual,
      steps: active.steps,
      resumed: snapshot !== undefined,
      stateFile,
    };
  }

  private predict(active: Active, request: PredictRequest): ServeReply {
    if (active.pending) {
      throw new ProtocolError(`predict: prediction ${active.pending.id} is still waiting for its observe`);
    }
    if (active.learner.contextual && request.context === undefined) {
      throw new ProtocolError(`predict: learner "${active.learner.name}" needs a numeric "context"`);
    }
    const prediction = active.learner.predict(predictInput(request.context, request.jacobiRho));
    const id = active.steps + 1;
    const omega = prediction.omega;
    active.pending = { id, omega };
    if (request.context !== undefined) active.pending.context = request.context;
    if (request.jacobiRho !== undefined) active.pending.jacobiRho = request.jacobiRho;
    const reply: ServeReply = { ok: true, type: 'predict', omega, id };
    if (request.jacobiRho !== undefined) reply.estimateUsed = prediction.usedJacobiRho === true;
    return reply;
  }

  private observe(active: Active, request: ObserveRequest): ServeReply {
    const pending = active.pending;
    if (!pending) throw new ProtocolError('observe: no prediction is pending (send predict first)');
    if (request.id !== pending.id) {
      throw new ProtocolError(`observe: id ${request.id} does not match the pending prediction ${pending.id}`);
    }
    active.learner.update({ iterations: request.iterations, converged: request.converged });
    active.pending = null;
    active.steps++;
    active.totalIterations += request.iterations;
    if (!request.converged) active.unconverged++;
    active.totalSeconds += request.seconds ?? 0;
    // Prediction ids count from 1; the record's instance index t from 0.
    const record: LearningRecord = {
      t: pending.id - 1,
      omega: pending.omega,
      iterations: request.iterations,
      converged: request.converged,
      extraSweeps: 0,
    };
    if (pending.context !== undefined) record.context = pending.context;
    if (pending.jacobiRho !== undefined) record.jacobiRho = pending.jacobiRho;
    if (request.seconds !== undefined) record.seconds = request.seconds;
    active.recent.push(record);
    if (active.recent.length > RECENT_LIMIT) active.recent.splice(0, active.recent.length - RECENT_LIMIT);
    let saved = false;
    let saveError: string | undefined;
    if (active.stateFile) {
      active.unwritten.push(record);
      active.unsaved.push(record);
      // Saved here, before the reply and before any pipelined predict draws from the random
      // stream: the snapshot is then exactly the learner an uninterrupted run has at this step.
      if (this.saveDue(active)) {
        try {
          this.save(active, active.learner);
          saved = true;
        } catch (e) {
          saveError = `cannot write ${active.stateFile}: ${e instanceof Error ? e.message : String(e)}`;
          this.options.onWarning?.(saveError);
        }
      }
    }
    const reply: ServeReply = { ok: true, type: 'observe', id: pending.id, steps: active.steps, saved };
    if (saveError !== undefined) reply.saveError = saveError;
    return reply;
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  private saveDue(active: Active): boolean {
    if (active.saveEvery !== null) return active.unsaved.length >= active.saveEvery;
    return this.now() - active.lastSaveMs >= SAVE_INTERVAL_MS;
  }

  private writeRecords(active: Active): void {
    if (!active.stateFile || active.unwritten.length === 0) return;
    appendRecords(recordsPathFor(active.stateFile), active.unwritten);
    active.unwritten = [];
  }

  /**
   * Saves the learner as it was after the last observe. With a prediction pending the live
   * learner has already drawn for it, so the last saved learner is restored and the unsaved
   * steps replayed on it (same inputs, same draws) to rebuild that state.
   */
  private saveExact(active: Active): void {
    if (!active.pending) {
      this.save(active, active.learner);
      return;
    }
    if (active.unsaved.length === 0 || !active.stateFile) return;
    const last = readSnapshot(active.stateFile);
    if (!last || last.steps !== active.steps - active.unsaved.length) {
      throw new Error(`${active.stateFile} changed underneath this session; not overwritten`);
    }
    const replayed = this.options.factory.restore(last.learnerState);
    for (const r of active.unsaved) {
      const { omega } = replayed.predict(predictInput(r.context, r.jacobiRho));
      if (omega !== r.omega)
        throw new Error(`replaying step ${r.t + 1} predicted ${omega}, not ${r.omega}; the last snapshot is kept`);
      replayed.update({ iterations: r.iterations, converged: r.converged });
    }
    this.save(active, replayed);
  }

  /** Writes the records, then the snapshot of `learner` (records first: a snapshot never counts steps the records file lacks). */
  private save(active: Active, learner: Learner): void {
    if (!active.stateFile) return;
    this.writeRecords(active);
    const snapshot: ServeStateSnapshot = {
      format: 'relax-serve-state',
      version: SERVE_STATE_VERSION,
      config: active.config,
      learnerState: learner.toJSON(),
      steps: active.steps,
      totalIterations: active.totalIterations,
      unconverged: active.unconverged,
      totalSeconds: active.totalSeconds,
      recent: active.recent,
      recordsFile: basename(recordsPathFor(active.stateFile)),
      updatedAt: new Date().toISOString(),
      pid: process.pid,
    };
    writeFileAtomicSync(active.stateFile, `${JSON.stringify(snapshot)}\n`);
    active.unsaved = [];
    active.lastSaveMs = this.now();
  }

  private summaryOf(active: Active): SessionSummary {
    const window = active.recent.slice(-RECENT_MEAN_WINDOW);
    const recentSum = window.reduce((s, r) => s + r.iterations, 0);
    const last = active.recent.length > 0 ? active.recent[active.recent.length - 1].omega : null;
    return {
      learner: active.learner.name,
      steps: active.steps,
      totalIterations: active.totalIterations,
      unconverged: active.unconverged,
      totalSeconds: active.totalSeconds,
      meanIterations: active.steps > 0 ? active.totalIterations / active.steps : 0,
      recentMeanIterations: window.length > 0 ? recentSum / window.length : 0,
      lastOmega: last,
      pending: active.pending ? active.pending.id : null,
    };
  }
}
