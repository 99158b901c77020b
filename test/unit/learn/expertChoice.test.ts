// ExpertChoice's stratum-aware choice: a challenger that is clearly dearer on one kind of instance (one
// stratum) is tried a tenth as often there and as often as before elsewhere, so an expert that is good on
// some instances keeps its chance on them (heat2d SSOR-CG: the one-omega expert is 2-3x dearer than Young's
// at large coefficients, equal at small ones).
import { describe, expect, it } from 'vitest';
import { ExpertChoice } from '../../../src/core/learn/expertChoice';

const OPTIONS = { explore: 0.25, minExplore: 0.005, strata: 4, judgeUnsettled: false };

/** How often `choose` picks the challenger over a fine uniform grid of u, in `stratum`. */
function challengerShare(e: ExpertChoice, stratum?: number): number {
  let hits = 0;
  const n = 10000;
  for (let j = 0; j < n; j++) if (e.choose((j + 0.5) / n, stratum) !== e.leader) hits++;
  return hits / n;
}

/** Leader (0) costs 1 everywhere; the challenger costs 1 + `extra[stratum]`; small noise so variances are finite. */
function feed(e: ExpertChoice, extra: number[], plays: number): void {
  for (let t = 0; t < plays; t++) {
    const stratum = t % extra.length;
    const noise = ((t * 7919) % 13) / 1300;
    e.observe(0, 1 + noise, stratum);
    e.observe(1, 1 + extra[stratum] + noise, stratum, false, false);
  }
}

describe('ExpertChoice chooses by stratum', () => {
  it('tries a challenger clearly dearer in one stratum a tenth as often there, and as often as before elsewhere', () => {
    const e = new ExpertChoice(OPTIONS);
    feed(e, [1.0, 0, 0, 0], 40);
    expect(e.leader).toBe(0);
    expect(e.explore).toBe(0.25);
    expect(challengerShare(e, 0)).toBeCloseTo(0.025, 4);
    for (const stratum of [1, 2, 3]) expect(challengerShare(e, stratum)).toBeCloseTo(0.25, 4);
    // Without a stratum (no context) the choice is the plain one.
    expect(challengerShare(e)).toBeCloseTo(0.25, 4);
  });

  it('does not thin on a modest disadvantage (20 %) or on too few plays', () => {
    const small = new ExpertChoice(OPTIONS);
    feed(small, [0.2, 0, 0, 0], 40);
    expect(challengerShare(small, 0)).toBeCloseTo(0.25, 4);
    const few = new ExpertChoice(OPTIONS);
    feed(few, [1.0, 0, 0, 0], 8); // 2 plays per stratum
    expect(challengerShare(few, 0)).toBeCloseTo(0.25, 4);
  });

  it('forgets the verdict when the challenger moves (its costs are stale)', () => {
    const e = new ExpertChoice(OPTIONS);
    feed(e, [1.0, 0, 0, 0], 40);
    expect(challengerShare(e, 0)).toBeCloseTo(0.025, 4);
    e.observe(1, 1, 0, true);
    expect(challengerShare(e, 0)).toBeCloseTo(0.25, 4);
  });
});
