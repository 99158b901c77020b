import * as vscode from 'vscode';
import { DEFAULTS } from '../core/defaults';
import type { RhsSpec, RunSettings, ServerSettings, SolveMethod } from '../protocol';

function config(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('relax', scope);
}

/** The run settings as they are now: read before each run, so changes apply to the next one. */
export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const c = config(scope);
  const [low, high] = DEFAULTS.omegaRange;
  const range = c.get<number[]>('omegaRange', [low, high]);
  const rhs = c.get<RhsSpec['kind']>('rhs', DEFAULTS.rhs);
  return {
    tolerance: c.get<number>('tolerance', DEFAULTS.tolerance),
    maxIterations: c.get<number>('maxIterations', DEFAULTS.maxIterations),
    omegaRange: [range[0] ?? low, range[1] ?? high],
    gridPoints: c.get<number>('gridPoints', DEFAULTS.gridPoints),
    rhs: { kind: rhs === 'file' ? DEFAULTS.rhs : rhs },
    seed: c.get<number>('seed', DEFAULTS.seed),
    warmStart: c.get<boolean>('warmStart', DEFAULTS.warmStart),
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
  return config(scope).get<SolveMethod>('method', DEFAULTS.method);
}

export function readLearner(scope?: vscode.Uri): string {
  return config(scope).get<string>('learner', DEFAULTS.learner);
}
