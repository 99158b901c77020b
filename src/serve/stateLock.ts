import { closeSync, constants, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

export class StateLockError extends Error {}

/** State files held by sessions of this process. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockPathOf(stateFile: string): string {
  return `${stateFile}.lock`;
}

function tryCreate(lockPath: string): boolean {
  try {
    const fd = openSync(
      lockPath,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o644,
    );
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StateLockError(`${lockPath}: cannot create the lock file (${(e as Error).message})`);
  }
}

/** The pid written in a lock file, or null when unreadable (torn by a crash). */
function ownerOf(lockPath: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Claims `stateFile` for one session, in this process and across processes (a `STATE.lock` file
 * holding the owner's pid). A lock left by a process that no longer runs (kill -9) is taken over.
 * Returns the release function; throws StateLockError when another live session holds it.
 */
export function lockStateFile(stateFile: string): () => void {
  if (held.has(stateFile)) throw new StateLockError(`${stateFile} is in use by another session of this service`);
  const lockPath = lockPathOf(stateFile);
  if (!tryCreate(lockPath)) {
    const owner = ownerOf(lockPath);
    if (owner !== null && owner !== process.pid && alive(owner)) {
      throw new StateLockError(`${stateFile} is in use by process ${owner} (lock file ${lockPath})`);
    }
    // Stale: its owner is gone. Remove and claim once; losing that race means someone else won.
    try {
      unlinkSync(lockPath);
    } catch {
      // Already removed by a concurrent claimant.
    }
    if (!tryCreate(lockPath)) throw new StateLockError(`${stateFile} was just claimed by another process`);
  }
  held.add(stateFile);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(stateFile);
    try {
      unlinkSync(lockPath);
    } catch {
      // Gone already (the directory was removed): nothing to release.
    }
  };
}
