import type { TunePoint } from '../../src/protocol';

/** A tune point as the tuner makes it: reason from `converged` unless given, flags false unless given. */
export const pt = (
  omega: number,
  iterations: number,
  converged: boolean,
  extra: Partial<TunePoint> = {},
): TunePoint => ({
  omega,
  iterations,
  converged,
  reason: converged ? 'converged' : 'max-iterations',
  abandoned: false,
  estimated: false,
  ...extra,
});
