import * as vscode from 'vscode';
import { MATRIX_MARKET_LANGUAGE } from '../protocol';

/**
 * The matrix a command acts on: the lens's URI string, the explorer's Uri, the active `.mtx` editor,
 * or one the user picks. Undefined when the user dismisses the picker.
 */
export async function matrixTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (doc.languageId === MATRIX_MARKET_LANGUAGE || /\.mtx(\.gz)?$/.test(doc.uri.path))) return doc.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Matrix Market': ['mtx', 'gz'] },
    openLabel: 'Use this matrix',
  });
  return picked?.[0];
}

/** A sequence spec (`*.relax.json`) or a folder of `.mtx` files. */
export async function sequenceTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.path.endsWith('.relax.json')) return doc.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    canSelectFiles: true,
    canSelectFolders: true,
    filters: { 'Relax sequence spec': ['json'] },
    openLabel: 'Learn on this sequence',
  });
  return picked?.[0];
}

/**
 * What `Open Report` shows: the argument, the active matrix or spec, or a file the user picks (a
 * matrix, a `*.relax.json` spec or a saved learning run), so it works from the palette of any window.
 */
export async function reportTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && (doc.languageId === MATRIX_MARKET_LANGUAGE || /\.(mtx(\.gz)?|relax\.json)$/.test(doc.uri.path)))
    return doc.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Matrix Market or Relax sequence': ['mtx', 'gz', 'json'] },
    openLabel: 'Open its report',
  });
  return picked?.[0];
}
