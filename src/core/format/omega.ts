import { significant } from './significant';

/** ω for people (prompts, notifications, lenses, PETSc options shown on screen): 4 significant digits. JSON keeps full precision. */
export function formatOmega(omega: number): string {
  return significant(omega);
}

/** PETSc options text for people: every `-pc_sor_omega W` (or `-pc_sor_omega=W`) with W to 4 significant digits. */
export function omegaShown(options: string): string {
  return options.replace(/(-pc_sor_omega[ =])([0-9.eE+-]+)/g, (_m, flag: string, w: string) =>
    Number.isFinite(Number(w)) ? flag + formatOmega(Number(w)) : flag + w,
  );
}
