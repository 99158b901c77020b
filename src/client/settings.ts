import * as vscode from 'vscode';
import type { RhsSpec, RunSettings, ServerSettings, SolveMethod } from '../protocol';

function config(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('relax', scope);
}

/** The run settings as they are now: read before each run, so changes apply to the next one. */
export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const c = config(scope);
  const range = c.get<number[]>('omegaRange', [1, 1.99]);
  const rhs = c.get<RhsSpec['kind']>('rhs', 'ones');
  return {
    tolerance: c.get<number>('tolerance', 1e-8),
    maxIterations: c.get<number>('maxIterations', 10_000),
    omegaRange: [range[0] ?? 1, range[1] ?? 1.99],
    gridPoints: c.get<number>('gridPoints', 20),
    rhs: { kind: rhs === 'file' ? 'ones' : rhs },
    seed: c.get<number>('seed', 0),
    warmStart: c.get<boolean>('warmStart', false),
  };
}

/** The settings the server applies to every parse (size limits). */
export function readServerSettings(): ServerSettings {
  const c = config();
  return {
    maxMatrixRows: c.get<number>('maxMatrixRows'),
    maxStoredEntries: c.get<number>('maxStoredEntries'),
    maxMatrixMemoryMB: c.get<number>('maxMatrixMemoryMB'),
  };
}

export function readMethod(scope?: vscode.Uri): SolveMethod {
  return config(scope).get<SolveMethod>('method', 'sor');
}

export function readLearner(scope?: vscode.Uri): string {
  return config(scope).get<string>('learner', 'auto');
}
