import { learnerNames } from '../learn/registry';

/** A parsed policy name: a registered learner or one of the comparators. */
export type PolicySpec =
  | { type: 'learner'; name: string }
  | { type: 'fixed'; name: string; omega: number }
  | { type: 'best-fixed' | 'grid-optimal' | 'instance-optimal'; name: string }
  | { type: 'young'; name: string }
  | { type: 'cg'; name: string };

/** Comparators that choose with knowledge of the whole run: reported, never offered as policies. */
export const HINDSIGHT = new Set(['best-fixed', 'grid-optimal', 'instance-optimal']);

export const COMPARATOR_NAMES = ['fixed=W', 'best-fixed', 'grid-optimal', 'instance-optimal', 'young', 'cg'] as const;

/** Parses `tsallis-inf`, `fixed=1.5`, `best-fixed`, ...; throws an Error listing the valid names otherwise. */
export function parsePolicyName(raw: string): PolicySpec {
  const name = raw.trim();
  const fixed = /^fixed=(.*)$/.exec(name);
  if (fixed) {
    const omega = Number(fixed[1]);
    if (fixed[1].trim() === '' || !(omega > 0 && omega < 2))
      throw new Error(`'${name}': the fixed omega must be a number in (0, 2)`);
    return { type: 'fixed', name: `fixed=${omega}`, omega };
  }
  if (name === 'best-fixed' || name === 'grid-optimal' || name === 'instance-optimal') return { type: name, name };
  if (name === 'young') return { type: 'young', name };
  if (name === 'cg') return { type: 'cg', name };
  if (learnerNames.includes(name)) return { type: 'learner', name };
  throw new Error(
    `unknown learner or comparator '${name}' (learners: ${learnerNames.join(', ')}; comparators: ${COMPARATOR_NAMES.join(', ')})`,
  );
}
