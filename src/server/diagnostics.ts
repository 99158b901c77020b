import { DiagnosticSeverity, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { MmDiagnostic } from '../core/io/types';
import type { MatrixCache } from './matrixCache';

/** Delay after the last edit before the file is re-checked. */
export const EDIT_DEBOUNCE_MS = 250;

/** Range of a whole 1-based line; the end is the line's length when the text is at hand. */
function lineRange(doc: TextDocument | undefined, line: number): Diagnostic['range'] {
  const l = Math.max(0, line - 1);
  let end = 0;
  if (doc && l < doc.lineCount) {
    const next = l + 1 < doc.lineCount ? doc.offsetAt({ line: l + 1, character: 0 }) : doc.getText().length;
    const text = doc.getText({ start: { line: l, character: 0 }, end: doc.positionAt(next) });
    end = text.replace(/\r?\n$/, '').length;
  }
  return { start: { line: l, character: 0 }, end: { line: l, character: end } };
}

/** The reader's message without its `file:line:` prefix (the editor shows the place). */
function toLsp(doc: TextDocument | undefined, d: MmDiagnostic): Diagnostic {
  return {
    range: lineRange(doc, d.line),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'relax',
    message: d.message,
  };
}

/** Publishes the Matrix Market reader's errors and warnings for open documents, debounced on edit. */
export class DiagnosticsFeature {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: MatrixCache,
  ) {
    documents.onDidOpen((e) => this.schedule(e.document.uri, 0));
    documents.onDidChangeContent((e) => this.schedule(e.document.uri, EDIT_DEBOUNCE_MS));
    documents.onDidSave((e) => this.schedule(e.document.uri, 0));
    documents.onDidClose((e) => {
      this.cancelTimer(e.document.uri);
      this.cache.forget(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
  }

  schedule(uri: string, delayMs: number): void {
    this.cancelTimer(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.publish(uri);
      }, delayMs),
    );
  }

  async publish(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    const version = doc?.version;
    let diagnostics: Diagnostic[];
    try {
      const parsed = await this.cache.get(uri);
      diagnostics = parsed.diagnostics.map((d) => toLsp(doc, d));
    } catch (err) {
      diagnostics = [
        {
          range: lineRange(doc, 1),
          severity: DiagnosticSeverity.Error,
          source: 'relax',
          message: err instanceof Error ? err.message : String(err),
        },
      ];
    }
    // A newer edit may have arrived while parsing; its own publish will follow.
    if (this.timers.has(uri)) return;
    if (doc && this.documents.get(uri)?.version !== version) return;
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private cancelTimer(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }
}
