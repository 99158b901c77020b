import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, openSync, promises as fs, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Suffix of temporary files; a reader of a results folder skips (and may delete) these. */
export const TEMP_SUFFIX = '.tmp';

/** Created exclusively and never through a symlink: an attacker's file at the temporary name makes the write fail. */
const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** A sibling of `target` with an unpredictable name (64 random bits), so no one can plant a file there first. */
function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Writes `content` to `target` so that readers see either the old file or the whole new one: an
 * exclusive temporary sibling, flushed to disk (fsync), then renamed over the target (atomic on
 * POSIX and NTFS within one folder). A crash part-way leaves at most a `*.tmp` sibling. `mode` is
 * the new file's permission bits (default 0o644).
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
  await fs.mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, EXCLUSIVE, mode);
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

/** writeFileAtomic for callers that must not yield (relax serve flushes state between requests). */
export function writeFileAtomicSync(target: string, content: string | Uint8Array, mode = 0o600): void {
  const temp = tempPathFor(target);
  const fd = openSync(temp, EXCLUSIVE, mode);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (e) {
    unlinkSync(temp);
    throw e;
  }
}
