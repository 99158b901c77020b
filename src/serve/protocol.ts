/**
 * `relax serve` wire protocol: one JSON object per line in each direction. Every request has a
 * `type`; every reply has `ok` and echoes the request's `type` (and its `tag`, when given, so a
 * client can match replies). python/serve-protocol.schema.json is the same contract as a schema.
 */

import type { OmegaGrid } from '../core/learn/options';
import { jsonDepthExceeds } from '../node/jsonDepth';
import {
  MAX_ABS_VALUE,
  MAX_ITERATIONS,
  MAX_JSON_DEPTH,
  MAX_NAME_CHARS,
  MAX_POINTS,
  MAX_QUOTED_CHARS,
  MAX_SAVE_EVERY,
  MAX_SECONDS,
  MAX_TAG_BYTES,
} from '../node/serveLimits';

export const PROTOCOL_VERSION = 1;

export interface HelloRequest {
  type: 'hello';
  /** Registered learner name (e.g. `tsallis-inf`, `tsallis-inf-cb`, `chebcb`). */
  learner: string;
  /** Candidate omegas; or `range` [lo, hi] with `points` (default 20). Default: 20 points on [1, 1.95]. */
  grid?: OmegaGrid;
  range?: [number, number];
  points?: number;
  seed: string | number;
  /** Interval of the context passed to predict (contextual learners only). */
  contextRange?: [number, number];
  /** The solver whose iteration counts are observed (default `sor`); `auto` scales its costs by it. */
  solver?: 'sor' | 'ssor-cg';
  /** Where learner state is kept; resumed from when it exists. */
  stateFile?: string;
  /** Save state after every k-th observe. Default: at most every 200 ms, and on save and disconnect. */
  saveEvery?: number;
  /** Required on TCP connections: must equal the server's `--token`. */
  token?: string;
  tag?: unknown;
}

export interface PredictRequest {
  type: 'predict';
  /** The step's scalar context (e.g. the diffusion coefficient); required by contextual learners. */
  context?: number;
  /**
   * rho(I - D^{-1} A) of this step's matrix, estimated by the client (the PETSc helper: a few CG
   * steps with Jacobi preconditioning); `auto` takes it where the editor would estimate itself.
   */
  jacobiRho?: number;
  tag?: unknown;
}

export interface ObserveRequest {
  type: 'observe';
  /** The id returned by the matching predict. */
  id: number;
  /** Iterations the solve took at the predicted omega (the cap when unconverged). */
  iterations: number;
  converged: boolean;
  /** Wall time of the solve in seconds, for the summary only. */
  seconds?: number;
  tag?: unknown;
}

export interface SummaryRequest {
  type: 'summary';
  tag?: unknown;
}

export interface SaveRequest {
  type: 'save';
  tag?: unknown;
}

export type ServeRequest = HelloRequest | PredictRequest | ObserveRequest | SummaryRequest | SaveRequest;
export type ServeRequestType = ServeRequest['type'];

export interface ErrorReply {
  ok: false;
  /** The request's type when it could be read, else null. */
  type: string | null;
  /** What was wrong, naming the field or the expected order. */
  error: string;
  /** 1-based input line number on this connection. */
  line: number;
  tag?: unknown;
}

export interface HelloReply {
  ok: true;
  type: 'hello';
  protocol: number;
  learner: string;
  contextual: boolean;
  /** Steps already learned (greater than 0 when resumed from the state file). */
  steps: number;
  resumed: boolean;
  stateFile: string | null;
  tag?: unknown;
}

export interface PredictReply {
  ok: true;
  type: 'predict';
  omega: number;
  id: number;
  /** With `jacobiRho`: whether the learner used it (false: it needed no estimate at this step). */
  estimateUsed?: boolean;
  tag?: unknown;
}

export interface ObserveReply {
  ok: true;
  type: 'observe';
  id: number;
  steps: number;
  /**
   * Whether the state file is rewritten for this observe: before the reply, or with `relax serve`
   * right after it, before the service reads more input (so a killed service loses at most the
   * observes whose replies were still in flight).
   */
  saved: boolean;
  /** Why a save due with this observe failed (disk full, directory gone); it is retried. */
  saveError?: string;
  tag?: unknown;
}

export interface SessionSummary {
  learner: string;
  steps: number;
  totalIterations: number;
  unconverged: number;
  /** Sum of the `seconds` reported by observe. */
  totalSeconds: number;
  meanIterations: number;
  /** Mean iterations over the last (up to) 50 steps: falls as the learner learns. */
  recentMeanIterations: number;
  lastOmega: number | null;
  /** Id of the prediction awaiting its observe, if any. */
  pending: number | null;
}

export interface SummaryReply extends SessionSummary {
  ok: true;
  type: 'summary';
  tag?: unknown;
}

export interface SaveReply {
  ok: true;
  type: 'save';
  stateFile: string;
  steps: number;
  tag?: unknown;
}

export type ServeReply = ErrorReply | HelloReply | PredictReply | ObserveReply | SummaryReply | SaveReply;

/** A request that could be read, or the reason it could not. */
export type ParsedRequest =
  { ok: true; request: ServeRequest } | { ok: false; type: string | null; error: string; tag?: unknown };

type Fields = Record<string, unknown>;

/** Fields each request type accepts besides `type` and `tag` (the schema lists the same). */
export const KNOWN_FIELDS: Record<ServeRequestType, readonly string[]> = {
  hello: ['learner', 'grid', 'range', 'points', 'seed', 'contextRange', 'solver', 'stateFile', 'saveEvery', 'token'],
  predict: ['context', 'jacobiRho'],
  observe: ['id', 'iterations', 'converged', 'seconds'],
  summary: [],
  save: [],
};

class FieldError extends Error {}

function fail(message: string): never {
  throw new FieldError(message);
}

/** A client value quoted in an error, clipped so replies never echo much client data. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS)}… (${text.length} characters)`;
}

function finite(obj: Fields, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_ABS_VALUE) {
    fail(`${where}: "${key}" must be a finite number, got ${describe(v)}`);
  }
  return v;
}

function optionalFinite(obj: Fields, key: string, where: string): number | undefined {
  return obj[key] === undefined ? undefined : finite(obj, key, where);
}

function pair(obj: Fields, key: string, where: string): [number, number] | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Math.abs(x) <= MAX_ABS_VALUE)) {
    fail(`${where}: "${key}" must be [lo, hi] with two finite numbers, got ${describe(v)}`);
  }
  if (!(v[0] < v[1])) fail(`${where}: "${key}" must have lo < hi, got ${describe(v)}`);
  return [v[0], v[1]];
}

/** An integer in [0, max]; `max` defaults to the largest exactly representable integer. */
function nonNegativeInteger(obj: Fields, key: string, where: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    fail(`${where}: "${key}" must be a non-negative integer, got ${describe(v)}`);
  }
  if (v > max) fail(`${where}: "${key}" must be at most ${max}, got ${describe(v)}`);
  return v;
}

function optionalString(obj: Fields, key: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0)
    fail(`${where}: "${key}" must be a non-empty string, got ${describe(v)}`);
  if (v.length > MAX_NAME_CHARS)
    fail(`${where}: "${key}" must be at most ${MAX_NAME_CHARS} characters, got ${v.length}`);
  return v;
}

function gridField(obj: Fields): OmegaGrid | undefined {
  const v = obj.grid;
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    fail(`hello: "grid" must be {min, max, points}, got ${describe(v)}`);
  const g = v as Fields;
  const min = finite(g, 'min', 'hello.grid');
  const max = finite(g, 'max', 'hello.grid');
  const points = nonNegativeInteger(g, 'points', 'hello.grid', MAX_POINTS);
  if (!(min > 0 && max < 2 && min <= max && points >= 1)) {
    fail(`hello: "grid" needs 0 < min <= max < 2 and points >= 1, got ${describe(v)}`);
  }
  return { min, max, points };
}

function parseHello(obj: Fields): HelloRequest {
  const learner = optionalString(obj, 'learner', 'hello');
  if (learner === undefined) fail('hello: "learner" is required (e.g. "tsallis-inf")');
  const seed = obj.seed;
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    fail(`hello: "seed" is required and must be a string or a number, got ${describe(seed)}`);
  }
  if (typeof seed === 'string' && seed.length > MAX_NAME_CHARS)
    fail(`hello: "seed" must be at most ${MAX_NAME_CHARS} characters`);
  const grid = gridField(obj);
  const range = pair(obj, 'range', 'hello');
  if (grid && range) fail('hello: give either "grid" or "range", not both');
  if (range && !(range[0] > 0 && range[1] < 2))
    fail(`hello: "range" must lie inside (0, 2), got ${describe(obj.range)}`);
  const points = obj.points === undefined ? undefined : nonNegativeInteger(obj, 'points', 'hello', MAX_POINTS);
  if (points !== undefined && (!range || points < 1)) fail('hello: "points" goes with "range" and must be at least 1');
  const saveEvery =
    obj.saveEvery === undefined ? undefined : nonNegativeInteger(obj, 'saveEvery', 'hello', MAX_SAVE_EVERY);
  if (saveEvery === 0) fail('hello: "saveEvery" must be at least 1');
  const hello: HelloRequest = { type: 'hello', learner, seed };
  if (grid) hello.grid = grid;
  if (range) hello.range = range;
  if (points !== undefined) hello.points = points;
  const contextRange = pair(obj, 'contextRange', 'hello');
  if (contextRange) hello.contextRange = contextRange;
  const solver = optionalString(obj, 'solver', 'hello');
  if (solver !== undefined && solver !== 'sor' && solver !== 'ssor-cg') {
    fail(`hello: "solver" must be "sor" or "ssor-cg", got ${describe(obj.solver)}`);
  }
  if (solver !== undefined) hello.solver = solver;
  const stateFile = optionalString(obj, 'stateFile', 'hello');
  if (stateFile !== undefined) hello.stateFile = stateFile;
  if (saveEvery !== undefined) hello.saveEvery = saveEvery;
  const token = obj.token;
  if (token !== undefined) {
    // The token is never quoted back: it may be a near miss of the secret.
    if (typeof token !== 'string' || token.length > MAX_NAME_CHARS)
      fail(`hello: "token" must be a string of at most ${MAX_NAME_CHARS} characters`);
    hello.token = token;
  }
  return hello;
}

/** Largest accepted Jacobi spectral radius (a divergent Jacobi has rho > 1; beyond this it is nonsense). */
const MAX_JACOBI_RHO = 1e6;

function parsePredict(obj: Fields): PredictRequest {
  const req: PredictRequest = { type: 'predict' };
  const context = optionalFinite(obj, 'context', 'predict');
  if (context !== undefined) req.context = context;
  const rho = optionalFinite(obj, 'jacobiRho', 'predict');
  if (rho !== undefined) {
    if (rho < 0 || rho > MAX_JACOBI_RHO) fail(`predict: "jacobiRho" must be in [0, ${MAX_JACOBI_RHO}], got ${rho}`);
    req.jacobiRho = rho;
  }
  return req;
}

function parseObserve(obj: Fields): ObserveRequest {
  const id = nonNegativeInteger(obj, 'id', 'observe');
  const iterations = nonNegativeInteger(obj, 'iterations', 'observe', MAX_ITERATIONS);
  if (typeof obj.converged !== 'boolean')
    fail(`observe: "converged" must be true or false, got ${describe(obj.converged)}`);
  const req: ObserveRequest = { type: 'observe', id, iterations, converged: obj.converged };
  const seconds = optionalFinite(obj, 'seconds', 'observe');
  if (seconds !== undefined) {
    if (seconds < 0 || seconds > MAX_SECONDS) fail(`observe: "seconds" must be in [0, ${MAX_SECONDS}], got ${seconds}`);
    req.seconds = seconds;
  }
  return req;
}

function parseFields(type: ServeRequestType, obj: Fields): ServeRequest {
  const unknown = Object.keys(obj).filter((k) => k !== 'type' && k !== 'tag' && !KNOWN_FIELDS[type].includes(k));
  if (unknown.length > 0)
    fail(
      `${type}: unknown field ${unknown
        .slice(0, 3)
        .map((k) => describe(k))
        .join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}`,
    );
  switch (type) {
    case 'hello':
      return parseHello(obj);
    case 'predict':
      return parsePredict(obj);
    case 'observe':
      return parseObserve(obj);
    case 'summary':
    case 'save':
      return { type };
  }
}

function isRequestType(t: unknown): t is ServeRequestType {
  return typeof t === 'string' && Object.prototype.hasOwnProperty.call(KNOWN_FIELDS, t);
}

/** The tag when its JSON text is short enough to echo, else undefined. */
function echoableTag(tag: unknown): { tag?: unknown; error?: string } {
  if (tag === undefined) return {};
  const bytes = Buffer.byteLength(JSON.stringify(tag));
  if (bytes > MAX_TAG_BYTES) return { error: `"tag" must be at most ${MAX_TAG_BYTES} bytes of JSON, got ${bytes}` };
  return { tag };
}

/** Reads one input line; never throws. The error names the field or the syntax problem. */
export function parseRequest(line: string): ParsedRequest {
  if (jsonDepthExceeds(line, MAX_JSON_DEPTH)) {
    return { ok: false, type: null, error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels: refused unread` };
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    // V8's message quotes the input: keep only its first part.
    return { ok: false, type: null, error: `not valid JSON: ${clip((e as Error).message)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, type: null, error: 'each line must be one JSON object with a "type"' };
  }
  const obj = value as Fields;
  const { tag, error: tagError } = echoableTag(obj.tag);
  if (tagError !== undefined) return { ok: false, type: isRequestType(obj.type) ? obj.type : null, error: tagError };
  if (!isRequestType(obj.type)) {
    const known = Object.keys(KNOWN_FIELDS).join(', ');
    return { ok: false, type: null, error: `"type" must be one of ${known}, got ${describe(obj.type)}`, tag };
  }
  try {
    const request = parseFields(obj.type, obj);
    if (tag !== undefined) request.tag = tag;
    return { ok: true, request };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, type: obj.type, error: e.message, tag };
    throw e;
  }
}

function clip(message: string): string {
  return message.length <= 2 * MAX_QUOTED_CHARS ? message : `${message.slice(0, 2 * MAX_QUOTED_CHARS)}…`;
}
