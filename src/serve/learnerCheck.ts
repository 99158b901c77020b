import type { Learner, LearnerState } from '../core/learn/learner';
import type { ServeConfig } from '../node/serveState';
import { firstDifference } from '../node/serveSnapshotShape';

/**
 * Whether a learner state read from a file can be trusted: it must restore, serialise back to
 * exactly what was read (a field of the wrong type or shape does not survive the round trip),
 * and a trial prediction on a second copy must give an omega in (0, 2). Returns the
 * restored learner, or throws an Error whose message names the first bad field.
 */
export function restoreChecked(
  state: LearnerState,
  config: ServeConfig,
  restore: (s: LearnerState) => Learner,
): Learner {
  let learner: Learner;
  let trial: Learner;
  try {
    learner = restore(structuredClone(state));
    trial = restore(structuredClone(state));
  } catch (e) {
    throw new Error(
      `bad field "learnerState": the ${config.learner} learner cannot restore it (${(e as Error).message.slice(0, 160)})`,
    );
  }
  const back = JSON.parse(JSON.stringify(learner.toJSON())) as unknown;
  const diff = firstDifference(state, back, 'learnerState');
  if (diff !== null)
    throw new Error(`bad field "${diff}": missing, of the wrong type, or out of range for a ${config.learner} learner`);
  let omega: number;
  try {
    const context = config.contextRange ? (config.contextRange[0] + config.contextRange[1]) / 2 : undefined;
    omega = trial.predict(context === undefined ? {} : { context }).omega;
  } catch (e) {
    throw new Error(`bad field "learnerState": a trial prediction fails (${(e as Error).message.slice(0, 160)})`);
  }
  if (!(Number.isFinite(omega) && omega > 0 && omega < 2)) {
    throw new Error(`bad field "learnerState": a trial prediction gives omega ${omega}, outside (0, 2)`);
  }
  return learner;
}
