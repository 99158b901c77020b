/** Thrown before any iteration when a solve cannot be attempted (bad omega, zero diagonal, size mismatch). */
export class SolverInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolverInputError';
  }
}
