/** A number for people: `digits` significant digits (default 4), trailing zeros dropped; non-finite values as JavaScript spells them. */
export function significant(x: number, digits = 4): string {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)).toString() : String(x);
}
