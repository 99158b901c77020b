import type { Learner, LearnerState } from './learner';
import type { LearnerOptions } from './options';
import { Auto, type AutoState } from './auto';
import { ChebCb, type ChebCbState } from './chebCb';
import { TsallisInf, type TsallisInfState } from './tsallisInf';
import { TsallisInfCb, type TsallisInfCbState } from './tsallisInfCb';

export type { LearnerOptions, OmegaGrid } from './options';
export { DEFAULT_GRID, gridValues } from './options';

interface LearnerEntry {
  /** Whether the learner needs a context (and `contextRange`); `auto` uses one when given. */
  contextual: boolean;
  create(options: LearnerOptions): Learner;
  restore(state: LearnerState): Learner;
}

const entries: Record<string, LearnerEntry> = {
  auto: {
    contextual: false,
    create: (o) => Auto.create(o),
    restore: (s) => Auto.restore(s as AutoState),
  },
  'tsallis-inf': {
    contextual: false,
    create: (o) => TsallisInf.create(o),
    restore: (s) => TsallisInf.restore(s as TsallisInfState),
  },
  'tsallis-inf-cb': {
    contextual: true,
    create: (o) => TsallisInfCb.create(o),
    restore: (s) => TsallisInfCb.restore(s as TsallisInfCbState),
  },
  chebcb: {
    contextual: true,
    create: (o) => ChebCb.create(o),
    restore: (s) => ChebCb.restore(s as ChebCbState),
  },
};

/** Names accepted by {@link createLearner}, in display order. */
export const learnerNames: readonly string[] = Object.keys(entries);

/** Whether the named learner needs a context for every instance. */
export function learnerNeedsContext(name: string): boolean {
  return lookup(name).contextual;
}

/** Creates a fresh learner by name; throws an Error naming the known learners for an unknown name. */
export function createLearner(name: string, options: LearnerOptions): Learner {
  return lookup(name).create(options);
}

/** Rebuilds a learner from `toJSON()` output so it continues exactly where it stopped. */
export function restoreLearner(state: LearnerState): Learner {
  return lookup(state.name).restore(state);
}

function lookup(name: string): LearnerEntry {
  const entry = Object.prototype.hasOwnProperty.call(entries, name) ? entries[name] : undefined;
  if (!entry) throw new Error(`unknown learner '${name}' (known: ${learnerNames.join(', ')})`);
  return entry;
}
