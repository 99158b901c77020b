import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allErrors } from '../core/io/allErrors';
import { checkMatrixMarket, isGzip } from '../core/io/matrixMarket';
import { loadMatrix } from '../node/loadMatrix';
import { headerOf, MAX_HEADER_BYTES, peekHeader } from '../node/peekHeader';
import { MatrixMarketError, type MmDiagnostic, type MmHeader, type MmMatrix } from '../core/io/types';
import { nnz } from '../core/sparse/csr';
import type { Applicability } from '../core/solvers/applicability';
import type { MatrixInfo, MatrixLimits } from '../protocol';
import { matrixInfo } from './matrixInfo';
import { canonicalUri } from './resultStore';
import { shareCsr } from './sharedMatrix';

/** Larger files on disk show only their first reader error (re-reading them whole for the rest costs too much). */
const MAX_BYTES_FOR_ALL_ERRORS = 256 * 1024 * 1024;

/** Open documents longer than this are read from disk instead of from the editor's text. */
export const MAX_EDITOR_TEXT_CHARS = 16 * 1024 * 1024;
/** Matrices up to this many stored entries get their hover data on the main thread (a few ms). */
const INLINE_INFO_ENTRIES = 100_000;
/** Parsed files kept besides the open ones. */
const MAX_CLOSED_ENTRIES = 8;

/** Which bytes a parse came from: an editor version, or a file on disk at a given mtime and size. */
export interface SourceStamp {
  origin: 'editor' | 'disk';
  version: number;
  mtimeMs: number;
  bytes: number;
}

/** One parse of one file version; the matrix's CSR arrays are shared with solver workers. */
export interface ParsedMatrix {
  uri: string;
  path: string;
  stamp: SourceStamp;
  diagnostics: MmDiagnostic[];
  matrix?: MmMatrix;
  /** Computed on first hover and kept with the parse. */
  info?: Promise<MatrixInfo>;
  /** Whether SSOR-CG applies to the matrix, judged on the first lens request after the parse. */
  ssorFit?: Applicability;
}

/** What is known of a file while its parse may still run: its header, and the parse when it has finished. */
export interface EarlyView {
  /** Undefined when the header is bad, beyond the limits, or could not be read early. */
  header?: MmHeader;
  /** True when the header itself is wrong (the parse will report it as a diagnostic). */
  badHeader: boolean;
  /** The finished parse, when it finished before the header was read. */
  settled?: ParsedMatrix;
  /** The parse itself (rejects as `get` does). */
  parsed: Promise<ParsedMatrix>;
}

/**
 * An unedited document (version 1, the same byte length as the file) is read from disk instead: the
 * streamed read keeps the server responsive and is shared with jobs on the same file version.
 */
function sameAsDisk(doc: TextDocument, stat: { size: number } | undefined): boolean {
  return stat !== undefined && doc.version <= 1 && Buffer.byteLength(doc.getText(), 'utf8') === stat.size;
}

/** Raised when a file cannot be read at all (missing, permission) or its read was cancelled. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly cancelled = false,
  ) {
    super(message);
  }
}

/** What a caller of `get` wants to hear while a parse runs, and whether it still wants the result. */
export interface ParseWatcher {
  /** Fraction of the file read, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  isCancelled?: () => boolean;
}

interface Entry {
  key: string;
  parsed: Promise<ParsedMatrix>;
  /** Set once the parse has resolved. */
  done?: ParsedMatrix;
  /** Callers waiting on a parse still running; it stops only when every one of them has cancelled. */
  watchers: Set<ParseWatcher>;
}

/**
 * Parses each file version once (editor version for open documents, mtime + size for files on disk)
 * and hands the same parse to diagnostics, hover, lenses and jobs. Files on disk are read in chunks,
 * so the server keeps answering while a large file loads, reports progress to every waiting caller,
 * and stops reading when all of them have cancelled. Concurrent callers share one parse.
 */
export class MatrixCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly openDocument: (uri: string) => TextDocument | undefined,
    private limits: MatrixLimits,
    /** Computes hover data off the main thread for large matrices. */
    private readonly computeInfo: (m: MmMatrix, uri: string) => Promise<MatrixInfo> = async (m, uri) =>
      matrixInfo(m, uri),
    /** Reads a file on disk (tests hold it open to see what the editor shows meanwhile). */
    private readonly readMatrix: typeof loadMatrix = loadMatrix,
  ) {}

  setLimits(limits: MatrixLimits): void {
    this.limits = limits;
    this.entries.clear();
  }

  async get(uri: string, watcher: ParseWatcher = {}): Promise<ParsedMatrix> {
    const key = canonicalUri(uri);
    const path = fileURLToPath(key);
    const doc = this.openDocument(uri);
    const stat = await fs.stat(path).catch(() => undefined);
    const useEditor =
      doc !== undefined &&
      !path.endsWith('.gz') &&
      doc.getText().length <= MAX_EDITOR_TEXT_CHARS &&
      !sameAsDisk(doc, stat);
    if (!useEditor && !stat)
      throw new SourceError(`${path}: cannot read the file (it does not exist or is not accessible)`);
    const versionKey = useEditor ? `v${doc.version}` : `m${stat!.mtimeMs}:${stat!.size}`;
    let entry = this.entries.get(key);
    if (entry && entry.key === versionKey) {
      // Refresh recency so the entry is evicted last.
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      const stamp: SourceStamp = {
        origin: useEditor ? 'editor' : 'disk',
        version: useEditor ? doc.version : 0,
        mtimeMs: stat?.mtimeMs ?? 0,
        bytes: stat?.size ?? 0,
      };
      const watchers = new Set<ParseWatcher>();
      const parsed = useEditor
        ? this.parseText(key, path, stamp, doc.getText())
        : this.readDisk(key, path, stamp, watchers);
      entry = { key: versionKey, parsed, watchers };
      this.entries.delete(key);
      this.entries.set(key, entry);
      const mine = entry;
      parsed.then(
        (done) => {
          mine.done = done;
          mine.watchers.clear();
        },
        () => this.entries.get(key) === mine && this.entries.delete(key),
      );
      this.evict();
    }
    entry.watchers.add(watcher);
    try {
      return await entry.parsed;
    } finally {
      entry.watchers.delete(watcher);
    }
  }

  /**
   * Starts (or joins) the parse of `uri` and reads only its header meanwhile, so lenses need not wait
   * for the body; `settled` is set when the parse won that race.
   */
  async early(uri: string): Promise<EarlyView> {
    const parsed = this.get(uri);
    parsed.catch(() => undefined);
    let header: MmHeader | undefined;
    let badHeader = false;
    try {
      header = await this.readHeader(uri);
    } catch (err) {
      badHeader = err instanceof MatrixMarketError;
    }
    const entry = this.entries.get(canonicalUri(uri));
    const settled = entry?.done;
    return { parsed, badHeader, ...(header ? { header } : {}), ...(settled ? { settled } : {}) };
  }

  /** The header from the editor's text when `get` would parse that text, else from the file on disk. */
  private async readHeader(uri: string): Promise<MmHeader | undefined> {
    const key = canonicalUri(uri);
    const path = fileURLToPath(key);
    const doc = this.openDocument(uri);
    if (doc !== undefined && !path.endsWith('.gz')) {
      const text = doc.getText();
      const stat = await fs.stat(path).catch(() => undefined);
      if (text.length <= MAX_EDITOR_TEXT_CHARS && !sameAsDisk(doc, stat))
        return headerOf(Buffer.from(text.slice(0, MAX_HEADER_BYTES) + '\n', 'utf8'), path, this.limits);
    }
    return peekHeader(path, this.limits);
  }

  /** Hover data, computed once per parse. */
  async info(uri: string): Promise<{ parsed: ParsedMatrix; info?: MatrixInfo }> {
    const parsed = await this.get(uri);
    if (!parsed.matrix) return { parsed };
    const m = parsed.matrix;
    parsed.info ??=
      nnz(m.csr) <= INLINE_INFO_ENTRIES ? Promise.resolve(matrixInfo(m, parsed.uri)) : this.computeInfo(m, parsed.uri);
    try {
      return { parsed, info: await parsed.info };
    } catch (err) {
      parsed.info = undefined;
      throw err;
    }
  }

  forget(uri: string): void {
    this.entries.delete(canonicalUri(uri));
  }

  private async parseText(uri: string, path: string, stamp: SourceStamp, text: string): Promise<ParsedMatrix> {
    const checked = checkMatrixMarket(Buffer.from(text, 'utf8'), path, { limits: this.limits });
    return this.parsedOf(uri, path, stamp, checked.diagnostics, checked.matrix);
  }

  private async readDisk(
    uri: string,
    path: string,
    stamp: SourceStamp,
    watchers: Set<ParseWatcher>,
  ): Promise<ParsedMatrix> {
    try {
      const matrix = await this.readMatrix(path, {
        limits: this.limits,
        onProgress: (f) => {
          for (const w of watchers) w.onProgress?.(f);
        },
        isCancelled: () => watchers.size > 0 && [...watchers].every((w) => w.isCancelled?.() === true),
      });
      return this.parsedOf(uri, path, stamp, matrix.warnings, matrix);
    } catch (err) {
      if (err instanceof MatrixMarketError) {
        if (err.cancelled) throw new SourceError(`${path}: reading was cancelled`, true);
        return this.parsedOf(uri, path, stamp, await this.everyError(err.diagnostic, path, stamp.bytes), undefined);
      }
      throw new SourceError(`${path}: cannot read the file: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Every data-line error of a file on disk that failed to parse (plain text up to a size cap; else the first). */
  private async everyError(first: MmDiagnostic, path: string, bytes: number): Promise<MmDiagnostic[]> {
    if (bytes > MAX_BYTES_FOR_ALL_ERRORS) return [first];
    try {
      const data = await fs.readFile(path);
      return isGzip(data) ? [first] : allErrors(first, data, path);
    } catch {
      return [first];
    }
  }

  private parsedOf(
    uri: string,
    path: string,
    stamp: SourceStamp,
    diagnostics: MmDiagnostic[],
    m: MmMatrix | undefined,
  ): ParsedMatrix {
    const matrix = m ? { ...m, csr: shareCsr(m.csr) } : undefined;
    return { uri, path, stamp, diagnostics, ...(matrix ? { matrix } : {}) };
  }

  private evict(): void {
    let closed = 0;
    for (const key of [...this.entries.keys()].reverse()) {
      if (this.openDocument(key)) continue;
      if (++closed > MAX_CLOSED_ENTRIES) this.entries.delete(key);
    }
  }
}
