import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkMatrixMarket } from '../core/io/matrixMarket';
import type { MmDiagnostic, MmMatrix } from '../core/io/types';
import type { MatrixInfo, MatrixLimits } from '../protocol';
import { matrixInfo } from './matrixInfo';
import { canonicalUri } from './resultStore';
import { readerLimits } from './settings';
import { shareCsr } from './sharedMatrix';

/** Open documents longer than this are read from disk instead of from the editor's text. */
export const MAX_EDITOR_TEXT_CHARS = 16 * 1024 * 1024;
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
  info?: MatrixInfo;
}

/** Raised when a file cannot be read at all (missing, permission); the message names the file. */
export class SourceError extends Error {}

/**
 * Parses each file version once (editor version for open documents, mtime + size for files on disk)
 * and hands the same parse to diagnostics, hover, lenses and jobs. Concurrent callers share one parse.
 */
export class MatrixCache {
  private readonly entries = new Map<string, { key: string; parsed: Promise<ParsedMatrix> }>();

  constructor(
    private readonly openDocument: (uri: string) => TextDocument | undefined,
    private limits: MatrixLimits,
  ) {}

  setLimits(limits: MatrixLimits): void {
    this.limits = limits;
    this.entries.clear();
  }

  async get(uri: string): Promise<ParsedMatrix> {
    const key = canonicalUri(uri);
    const path = fileURLToPath(key);
    const doc = this.openDocument(uri);
    const useEditor = doc !== undefined && doc.getText().length <= MAX_EDITOR_TEXT_CHARS && !path.endsWith('.gz');
    const stat = await fs.stat(path).catch(() => undefined);
    if (!useEditor && !stat) throw new SourceError(`${path}: cannot read the file (it does not exist or is not accessible)`);
    const versionKey = useEditor ? `v${doc.version}` : `m${stat!.mtimeMs}:${stat!.size}`;
    const known = this.entries.get(key);
    if (known && known.key === versionKey) {
      // Refresh recency so the entry is evicted last.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known.parsed;
    }
    const stamp: SourceStamp = {
      origin: useEditor ? 'editor' : 'disk',
      version: useEditor ? doc.version : 0,
      mtimeMs: stat?.mtimeMs ?? 0,
      bytes: stat?.size ?? 0,
    };
    const parsed = this.parse(key, path, stamp, useEditor ? doc.getText() : undefined);
    this.entries.delete(key);
    this.entries.set(key, { key: versionKey, parsed });
    parsed.catch(() => this.entries.get(key)?.parsed === parsed && this.entries.delete(key));
    this.evict();
    return parsed;
  }

  /** Hover data, computed once per parse. */
  async info(uri: string): Promise<{ parsed: ParsedMatrix; info?: MatrixInfo }> {
    const parsed = await this.get(uri);
    if (!parsed.matrix) return { parsed };
    parsed.info ??= matrixInfo(parsed.matrix, parsed.uri);
    return { parsed, info: parsed.info };
  }

  forget(uri: string): void {
    this.entries.delete(canonicalUri(uri));
  }

  private async parse(uri: string, path: string, stamp: SourceStamp, text: string | undefined): Promise<ParsedMatrix> {
    let data: Uint8Array;
    try {
      data = text !== undefined ? Buffer.from(text, 'utf8') : await fs.readFile(path);
    } catch (err) {
      throw new SourceError(`${path}: cannot read the file: ${err instanceof Error ? err.message : String(err)}`);
    }
    const checked = checkMatrixMarket(data, path, { limits: readerLimits(this.limits) });
    const matrix = checked.matrix ? { ...checked.matrix, csr: shareCsr(checked.matrix.csr) } : undefined;
    return { uri, path, stamp, diagnostics: checked.diagnostics, ...(matrix ? { matrix } : {}) };
  }

  private evict(): void {
    let closed = 0;
    for (const key of [...this.entries.keys()].reverse()) {
      if (this.openDocument(key)) continue;
      if (++closed > MAX_CLOSED_ENTRIES) this.entries.delete(key);
    }
  }
}
