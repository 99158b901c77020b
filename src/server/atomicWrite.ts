import { promises as fs } from 'node:fs';
import * as path from 'node:path';

let counter = 0;

/** Suffix of temporary files; a reader of a results folder skips (and may delete) these. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes `content` to `target` so that readers see either the old file or the whole new one:
 * write a uniquely named sibling, flush it to disk, then rename over the target (atomic on POSIX
 * and NTFS within one folder). A cancel or crash part-way leaves at most a `*.tmp` sibling.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${++counter}${TEMP_SUFFIX}`;
  const handle = await fs.open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(temp, target);
  } catch (err) {
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
}
