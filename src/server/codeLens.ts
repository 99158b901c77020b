import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { Commands, type TuneMethod, type TuneResult } from '../protocol';
import type { JobQueue } from './jobQueue';
import type { MatrixCache } from './matrixCache';
import type { ResultStore } from './resultStore';

const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function lens(title: string, command: string, args: unknown[]): CodeLens {
  return { range: FIRST_LINE, command: { title, command, arguments: args } };
}

/** `1.83`: two decimals, trailing zeros dropped. */
export function formatOmega(omega: number): string {
  return Number(omega.toFixed(2)).toString();
}

/** The lens text of a tuning result, e.g. `ω = 1.83: 97 iterations (ω = 1: 1185)`. */
export function resultTitle(method: TuneMethod, r: TuneResult): string {
  const rec = r.record;
  const prefix = method === 'sor' ? '' : 'SSOR-CG ';
  const base = rec.baselines.omega1;
  // An estimated baseline never reached its count, and a baseline that was not run has none: say so.
  const baseText = base.converged ? `${base.iterations}` : base.estimated ? `≈ ${base.iterations}, estimated` : base.notRun ? 'not run' : `not converged in ${base.iterations}`;
  const main = rec.converged
    ? `${rec.iterations} iterations`
    : `not converged in ${rec.iterations} iterations`;
  return `${prefix}ω = ${formatOmega(rec.omega)}: ${main} (ω = 1: ${baseText})`;
}

/** Lenses on line 1: the actions, a running job's Cancel, and the last result of each method. */
export async function provideCodeLenses(
  cache: MatrixCache,
  store: ResultStore,
  queue: JobQueue,
  params: CodeLensParams,
): Promise<CodeLens[]> {
  const uri = params.textDocument.uri;
  let parsed;
  try {
    parsed = await cache.get(uri);
  } catch {
    return [];
  }
  if (!parsed.matrix) return [];
  const lenses: CodeLens[] = [];
  if (queue.isBusy(uri)) {
    lenses.push(lens('$(sync~spin) Running…', Commands.showServerOutput, []));
    lenses.push(lens('Cancel', Commands.cancel, [uri]));
  } else {
    lenses.push(lens('Tune ω (SOR)', Commands.tune, [uri]));
    lenses.push(lens('Tune ω (SSOR-CG)', Commands.tuneSsor, [uri]));
  }
  lenses.push(lens('Solve…', Commands.solve, [uri]));
  lenses.push(lens('Show matrix', Commands.showMatrix, [uri]));
  const results = store.get(uri);
  for (const method of ['sor', 'ssor-cg'] as const) {
    const r = results[method];
    if (!r) continue;
    const stale = r.record.matrix.mtimeMs !== parsed.stamp.mtimeMs || r.record.matrix.bytes !== parsed.stamp.bytes;
    lenses.push(lens(resultTitle(method, r) + (stale ? ' (matrix changed since)' : ''), Commands.openReport, [uri, method]));
    lenses.push(lens('Open report', Commands.openReport, [uri, method]));
    lenses.push(lens('Copy PETSc options', Commands.copyPetscOptions, [uri, method]));
  }
  return lenses;
}
