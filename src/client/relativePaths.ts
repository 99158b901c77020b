import * as path from 'node:path';

/**
 * `text` with every absolute path inside a workspace folder written relative to it, so a toast names
 * `data/a.mtx` instead of a path VS Code truncates. Folders are matched longest first (nested folders).
 */
export function workspaceRelative(text: string, folders: readonly string[]): string {
  let out = text;
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    if (folder === '' || folder === path.sep) continue;
    const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
    out = out.split(prefix).join('');
  }
  return out;
}
