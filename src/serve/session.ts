import { basename, resolve } from 'node:path';
import type { Learner, LearnerState } from '../core/learn/learner';
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
import {
  RECENT_LIMIT,
  StateFileError,
  appendRecords,
  readSnapshot,
  recordsPathFor,
  trimRecords,
  writeFileAtomic,
  type ServeConfig,
  type ServeStateSnapshot,
  type StepRecord,
} from './stateFile';

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
  /** Directory relative state files are resolved against (default: process.cwd()). */
  cwd?: string;
  /**
   * Leave the disk writes of observe to {@link ServeSession.flush}, which the transport calls right
   * after writing the reply, so the client is not kept waiting for the disk. Default: write before
   * replying.
   */
  deferSaves?: boolean;
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
}

interface Active {
  learner: Learner;
  config: ServeConfig;
  stateFile: string | null;
  /** Write the snapshot every k observes; null: at most every SAVE_INTERVAL_MS. */
  saveEvery: number | null;
  lastSaveMs: number;
  steps: number;
  totalIterations: number;
  unconverged: number;
  totalSeconds: number;
  recent: StepRecord[];
  pending: Pending | null;
  /** Observes not yet in the snapshot. */
  unsaved: number;
  /** Records not yet appended to the records file. */
  unwritten: StepRecord[];
}

const RECENT_MEAN_WINDOW = 50;

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
      if (e instanceof ProtocolError || e instanceof StateFileError || authFailed) {
        return { reply: this.error(request.type, e.message, request.tag), close: authFailed };
      }
      // Learner construction errors (unknown learner, missing context range) are user errors too.
      if (e instanceof Error && request.type === 'hello') return { reply: this.error('hello', e.message, request.tag), close: false };
      // A failing learner or disk must not take the service down: the client hears about it.
      const message = e instanceof Error ? e.message : String(e);
      return { reply: this.error(request.type, `${request.type} failed: ${message}`, request.tag), close: false };
    }
  }

  /** Saves all unsaved progress (called when the client disconnects). */
  close(): void {
    if (this.active && this.active.unsaved > 0) this.saveReporting(this.active);
  }

  /** Whether observes are not yet on disk (the transport then calls {@link flush} later). */
  needsFlush(): boolean {
    return this.active?.stateFile != null && this.active.unsaved > 0;
  }

  /**
   * Writes records and snapshot when due: after `saveEvery` observes, or without it when
   * SAVE_INTERVAL_MS have passed since the last write; `force` writes whatever is pending.
   */
  flush(force = false): void {
    const active = this.active;
    if (!active?.stateFile || active.unsaved === 0) return;
    if (force || this.saveDue(active)) this.saveReporting(active);
  }

  /** A write outside a request has no reply to carry its error: report it, keep serving, retry later. */
  private saveReporting(active: Active): void {
    try {
      this.save(active);
    } catch (e) {
      this.options.onWarning?.(`cannot write ${active.stateFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  summary(): SessionSummary | null {
    return this.active ? this.summaryOf(this.active) : null;
  }

  private error(type: string | null, error: string, tag: unknown): ServeReply {
    const reply: ServeReply = { ok: false, type, error, line: this.line };
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
        this.save(active);
        return { ok: true, type: 'save', stateFile: active.stateFile, steps: active.steps };
      }
    }
  }

  private hello(hello: HelloRequest): ServeReply {
    if (this.options.token !== undefined && hello.token !== this.options.token) {
      throw new AuthError('hello: wrong or missing "token" (this server was started with --token)');
    }
    if (this.active) throw new ProtocolError('hello: already received on this connection');
    const stateFile = hello.stateFile ? resolve(this.options.cwd ?? process.cwd(), hello.stateFile) : null;
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
      learner = this.options.factory.restore(snapshot.learnerState);
    } else {
      learner = this.options.factory.create(hello.learner, { grid: config.grid, seed: hello.seed, contextRange: hello.contextRange, solver: hello.solver });
    }
    if (stateFile && snapshot) trimRecords(recordsPathFor(stateFile), snapshot.steps);
    this.active = {
      learner,
      config: snapshot ? snapshot.config : config,
      stateFile,
      saveEvery: hello.saveEvery ?? null,
      lastSaveMs: 0,
      steps: snapshot?.steps ?? 0,
      totalIterations: snapshot?.totalIterations ?? 0,
      unconverged: snapshot?.unconverged ?? 0,
      totalSeconds: snapshot?.totalSeconds ?? 0,
      recent: snapshot?.recent ?? [],
      pending: null,
      unsaved: 0,
      unwritten: [],
    };
    if (stateFile && !snapshot) this.save(this.active);
    return {
      ok: true,
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      learner: learner.name,
      contextual: learner.contextual,
      steps: this.active.steps,
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
    const { omega } = active.learner.predict(request.context === undefined ? {} : { context: request.context });
    const id = active.steps + 1;
    active.pending = request.context === undefined ? { id, omega } : { id, omega, context: request.context };
    return { ok: true, type: 'predict', omega, id };
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
    const record: StepRecord = { step: pending.id, omega: pending.omega, iterations: request.iterations, converged: request.converged };
    if (pending.context !== undefined) record.context = pending.context;
    if (request.seconds !== undefined) record.seconds = request.seconds;
    active.recent.push(record);
    if (active.recent.length > RECENT_LIMIT) active.recent.splice(0, active.recent.length - RECENT_LIMIT);
    let saved = false;
    if (active.stateFile) {
      active.unwritten.push(record);
      active.unsaved++;
      saved = this.saveDue(active);
      if (!this.options.deferSaves) this.flush();
    }
    return { ok: true, type: 'observe', id: pending.id, steps: active.steps, saved };
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  private saveDue(active: Active): boolean {
    if (active.saveEvery !== null) return active.unsaved >= active.saveEvery;
    return this.now() - active.lastSaveMs >= SAVE_INTERVAL_MS;
  }

  private writeRecords(active: Active): void {
    if (!active.stateFile || active.unwritten.length === 0) return;
    appendRecords(recordsPathFor(active.stateFile), active.unwritten);
    active.unwritten = [];
  }

  private save(active: Active): void {
    if (!active.stateFile) return;
    // Records first: a snapshot never counts steps the records file lacks.
    this.writeRecords(active);
    const snapshot: ServeStateSnapshot = {
      format: 'relax-serve-state',
      version: 1,
      config: active.config,
      learnerState: active.learner.toJSON(),
      steps: active.steps,
      totalIterations: active.totalIterations,
      unconverged: active.unconverged,
      totalSeconds: active.totalSeconds,
      recent: active.recent,
      recordsFile: basename(recordsPathFor(active.stateFile)),
      updatedAt: new Date().toISOString(),
      pid: process.pid,
    };
    writeFileAtomic(active.stateFile, `${JSON.stringify(snapshot)}\n`);
    active.unsaved = 0;
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
