import seedrandom from 'seedrandom';

/** Saved state of a {@link SeededRandom}; plain JSON. */
export type RandomState = seedrandom.State.Alea;

/** Uniform [0, 1) stream from seedrandom's alea, with a state that can be saved and restored exactly. */
export class SeededRandom {
  private readonly prng: seedrandom.StatefulPRNG<RandomState>;

  private constructor(prng: seedrandom.StatefulPRNG<RandomState>) {
    this.prng = prng;
  }

  static fromSeed(seed: string | number): SeededRandom {
    return new SeededRandom(seedrandom.alea(String(seed), { state: true }));
  }

  static fromState(state: RandomState): SeededRandom {
    return new SeededRandom(seedrandom.alea('', { state: { ...state } }));
  }

  next(): number {
    return this.prng();
  }

  state(): RandomState {
    return this.prng.state();
  }
}

/** Index drawn from the distribution `p` (non-negative, summing to ~1) with the uniform number `u`. */
export function sampleIndex(p: Float64Array, u: number): number {
  let acc = 0;
  const last = p.length - 1;
  for (let i = 0; i < last; i++) {
    acc += p[i];
    if (u < acc) return i;
  }
  return last;
}
