/** ω for people (prompts, notifications, lenses, PETSc options shown on screen): 4 significant digits. JSON keeps full precision. */
export function formatOmega(omega: number): string {
  return Number(omega.toPrecision(4)).toString();
}
