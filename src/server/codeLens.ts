import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { cgFamilyApplicability } from '../core/solvers/applicability';
import { Commands } from '../protocol';
import type { JobQueue } from './jobQueue';
import type { MatrixCache, ParsedMatrix } from './matrixCache';
import type { ResultStore } from './resultStore';
import { headline, resultTitle } from './tuneTitle';

/** Files whose parse end already brings a refresh, so repeated requests during one parse ask for one. */
const awaitingRefresh = new Set<string>();

const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function lens(title: string, command: string, args: unknown[]): CodeLens {
  return { range: FIRST_LINE, command: { title, command, arguments: args } };
}

/**
 * Lenses on line 1: the actions, a running job's Cancel, and the last result of each method. While the
 * body is still being parsed the actions come from the header alone, and `refresh` is called once the
 * parse ends so the lenses that depend on it (results, refusals) replace them; a client that cannot
 * refresh (no `refresh`) gets the whole set after the parse.
 */
export async function provideCodeLenses(
  cache: MatrixCache,
  store: ResultStore,
  queue: JobQueue,
  params: CodeLensParams,
  refresh?: () => void,
): Promise<CodeLens[]> {
  const uri = params.textDocument.uri;
  const early = refresh ? await cache.early(uri) : { badHeader: false, parsed: cache.get(uri) };
  if (early.badHeader) return [];
  if (refresh && early.header && !early.settled) {
    // A click waits for the parse in the job, so the actions are safe to offer now.
    if (!awaitingRefresh.has(uri)) {
      awaitingRefresh.add(uri);
      const done = (): void => {
        awaitingRefresh.delete(uri);
        refresh();
      };
      early.parsed.then(done, done);
    }
    return [...actionLenses(uri, queue), ...viewLenses(uri)];
  }
  let parsed;
  try {
    parsed = early.settled ?? (await early.parsed);
  } catch {
    return [];
  }
  if (!parsed.matrix) return [];
  await store.whenLoaded();
  return [...actionLenses(uri, queue, parsed, store), ...viewLenses(uri), ...resultLenses(uri, parsed, store)];
}

/** Tune (or a running job's Cancel); after the parse, SSOR-CG's refusal in its place when it cannot apply. */
function actionLenses(uri: string, queue: JobQueue, parsed?: ParsedMatrix, store?: ResultStore): CodeLens[] {
  if (queue.isBusy(uri))
    return [lens('$(sync~spin) Running…', Commands.showServerOutput, []), lens('Cancel', Commands.cancel, [uri])];
  let ssorTitle = 'Tune ω (SSOR-CG)';
  if (parsed?.matrix && store && !store.get(uri)['ssor-cg']) {
    parsed.ssorFit ??= cgFamilyApplicability(parsed.matrix.csr, 'ssor-cg');
    // Clicking it still runs the tune, which refuses with the whole reason and saves it.
    if (!parsed.ssorFit.applies) ssorTitle = headline(parsed.ssorFit.message);
  }
  return [lens('Tune ω (SOR)', Commands.tune, [uri]), lens(ssorTitle, Commands.tuneSsor, [uri])];
}

function viewLenses(uri: string): CodeLens[] {
  return [lens('Solve…', Commands.solve, [uri]), lens('Show matrix', Commands.showMatrix, [uri])];
}

function resultLenses(uri: string, parsed: ParsedMatrix, store: ResultStore): CodeLens[] {
  const lenses: CodeLens[] = [];
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
