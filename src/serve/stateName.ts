import { resolve } from 'node:path';

export class StateNameError extends Error {}

/** Longest state file name accepted (most file systems allow 255 bytes; the records file adds 14). */
export const MAX_STATE_NAME_BYTES = 200;

/**
 * Where a client's `stateFile` lives. With `namesOnly` (TCP: the client may be another user),
 * only a plain file name is accepted and it resolves inside `dir`; absolute paths, separators,
 * `.`/`..` and control characters are refused. Otherwise (stdio: the user's own process) any
 * path, relative to `dir`.
 */
export function resolveStateFile(name: string, dir: string, namesOnly: boolean): string {
  if (!namesOnly) return resolve(dir, name);
  if (name.includes('/') || name.includes('\\')) {
    throw new StateNameError(
      `hello: "stateFile" must be a plain file name inside the service's --state-dir (no "/" or "\\")`,
    );
  }
  if (name === '.' || name === '..' || name.startsWith('.')) {
    throw new StateNameError('hello: "stateFile" must not start with "." (hidden files and ".." are refused)');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw new StateNameError('hello: "stateFile" must not contain control characters');
  if (Buffer.byteLength(name) > MAX_STATE_NAME_BYTES) {
    throw new StateNameError(`hello: "stateFile" must be at most ${MAX_STATE_NAME_BYTES} bytes`);
  }
  return resolve(dir, name);
}
