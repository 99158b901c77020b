import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { Commands } from '../protocol';
import type { JobQueue } from './jobQueue';
import type { MatrixCache } from './matrixCache';
import type { ResultStore } from './resultStore';
import { resultTitle } from './tuneTitle';

const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function lens(title: string, command: string, args: unknown[]): CodeLens {
  return { range: FIRST_LINE, command: { title, command, arguments: args } };
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
    lenses.push(
      lens(resultTitle(method, r.record) + (stale ? ' (matrix changed since)' : ''), Commands.openReport, [
        uri,
        method,
      ]),
    );
    lenses.push(lens('Open report', Commands.openReport, [uri, method]));
    // PETSc options reproduce a converged count; a result that never converged has none to offer.
    if (r.record.converged) lenses.push(lens('Copy PETSc options', Commands.copyPetscOptions, [uri, method]));
  }
  return lenses;
}
