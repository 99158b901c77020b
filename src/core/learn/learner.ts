/**
 * An online chooser of omega. The loop is: omega = predict(context); solve; update(feedback).
 * `update` must be called exactly once after each `predict`.
 */
export interface Learner {
  /** Registered name, e.g. `tsallis-inf`, `chebcb`, `auto`. */
  readonly name: string;
  /** Whether the learner uses the context passed to predict. */
  readonly contextual: boolean;
  /** The omega to use for the next instance; `context` is the instance's scalar context if any. */
  predict(context?: number): number;
  /** Feedback for the last prediction: the solver's iteration count (the cap if unconverged). */
  update(feedback: LearnerFeedback): void;
  /** Plain-JSON snapshot of the whole state, enough to resume with `restore`. */
  toJSON(): LearnerState;
}

export interface LearnerFeedback {
  iterations: number;
  converged: boolean;
}

export interface LearnerState {
  name: string;
  version: number;
  [key: string]: unknown;
}
