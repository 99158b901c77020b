import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseSpec, SpecError, type SequenceSpec } from '../core/sequences/spec';

/** Reads and validates a `.relax.json` spec; throws SpecError (one-line message naming file and JSON path). */
export async function loadSpec(path: string): Promise<SequenceSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SpecError(basename(path), [
      { path: '', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` },
    ]);
  }
  return parseSpec(text, path, dirname(resolve(path)));
}
