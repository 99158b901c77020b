import { failAt } from './types';

/** The entry arrays of a store, as a parallel read hands them between threads. */
export interface EntryArrays {
  ri: Int32Array;
  ci: Int32Array;
  re: Float64Array;
  im: Float64Array | undefined;
}

/** Growable typed arrays for the entries as read: 0-based indices (coordinate only) and values. */
export class EntryStore {
  ri: Int32Array;
  ci: Int32Array;
  re: Float64Array;
  im: Float64Array | undefined;
  count = 0;
  capacity: number;
  /** Arrays given from outside (a parallel read's shared ones) cannot grow: see `over`. */
  private fixed = false;

  /**
   * `limit` = entries the size line declares (never exceeded); `initial` = first capacity, smaller
   * when the input's byte size proves the declared count cannot be present.
   */
  constructor(
    readonly limit: number,
    initial: number,
    readonly indexed: boolean,
    complex: boolean,
    private readonly file: string,
    private readonly sizeLine: number,
  ) {
    this.capacity = Math.min(limit, Math.max(0, initial));
    this.ri = this.allocInt(indexed ? this.capacity : 0);
    this.ci = this.allocInt(indexed ? this.capacity : 0);
    this.re = this.allocFloat(this.capacity);
    this.im = complex ? this.allocFloat(this.capacity) : undefined;
  }

  /**
   * A coordinate store over SharedArrayBuffer-backed arrays of `capacity` entries, which reader
   * threads fill through views (`over`); the limit stays the declared count.
   */
  static shared(limit: number, capacity: number, complex: boolean, file: string, sizeLine: number): EntryStore {
    const store = new EntryStore(limit, 0, true, complex, file, sizeLine);
    store.ri = new Int32Array(store.sharedBytes(capacity, 4));
    store.ci = new Int32Array(store.sharedBytes(capacity, 4));
    store.re = new Float64Array(store.sharedBytes(capacity, 8));
    store.im = complex ? new Float64Array(store.sharedBytes(capacity, 8)) : undefined;
    store.capacity = capacity;
    store.fixed = true;
    return store;
  }

  /** A store writing into the given arrays (a chunk's views), whose length is a bound known in advance. */
  static over(limit: number, arrays: EntryArrays, file: string, sizeLine: number): EntryStore {
    const store = new EntryStore(limit, 0, true, arrays.im !== undefined, file, sizeLine);
    store.ri = arrays.ri;
    store.ci = arrays.ci;
    store.re = arrays.re;
    store.im = arrays.im;
    store.capacity = arrays.ri.length;
    store.fixed = true;
    return store;
  }

  /** Doubles the capacity (up to `limit`); the caller checks `count < limit` first. */
  grow(): void {
    if (this.fixed) {
      // A chunk holds at most its counted lines: more means the file changed while it was read.
      throw new Error('the file changed while it was read: read it again');
    }
    const next = Math.min(this.limit, Math.max(1024, this.capacity * 2));
    if (this.indexed) {
      this.ri = copyInto(this.allocInt(next), this.ri, this.count);
      this.ci = copyInto(this.allocInt(next), this.ci, this.count);
    }
    this.re = copyInto(this.allocFloat(next), this.re, this.count);
    if (this.im) this.im = copyInto(this.allocFloat(next), this.im, this.count);
    this.capacity = next;
  }

  private allocInt(n: number): Int32Array {
    try {
      return new Int32Array(n);
    } catch {
      return this.outOfMemory(n);
    }
  }

  private allocFloat(n: number): Float64Array {
    try {
      return new Float64Array(n);
    } catch {
      return this.outOfMemory(n);
    }
  }

  private sharedBytes(n: number, bytesPerEntry: number): SharedArrayBuffer {
    try {
      return new SharedArrayBuffer(n * bytesPerEntry);
    } catch {
      return this.outOfMemory(n);
    }
  }

  private outOfMemory(n: number): never {
    return failAt(
      this.file,
      this.sizeLine,
      `cannot allocate memory for ${n} entries; lower the limits (relax.maxStoredEntries / relax.maxMatrixMemoryMB, flags --max-entries / --max-memory-mb)`,
    );
  }
}

function copyInto<T extends Int32Array | Float64Array>(to: T, from: T, n: number): T {
  to.set(from.subarray(0, n));
  return to;
}
