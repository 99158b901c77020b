import * as vscode from 'vscode';
import { Commands } from '../protocol';
import { savedLearnReports } from './savedLearnReports';

/** Saved runs offered as lenses on a spec; older ones stay reachable through `Relax: Open Report`. */
const MAX_REPORT_LENSES = 3;

function folders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
}

/**
 * Lenses on line 1 of a `*.relax.json` spec: Learn, and one "Open report" per saved run (newest first),
 * which reopens it from `.relax/` without re-running. Refreshed whenever a file under `.relax/` changes.
 */
export function registerSpecLenses(): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const watcher = vscode.workspace.createFileSystemWatcher('**/.relax/**/*.json');
  const fire = () => changed.fire();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc) {
      const top = new vscode.Range(0, 0, 0, 0);
      const lenses = [new vscode.CodeLens(top, { title: 'Learn ω', command: Commands.learn, arguments: [doc.uri] })];
      if (doc.uri.scheme !== 'file') return lenses;
      const saved = await savedLearnReports(doc.uri.fsPath, folders());
      for (const s of saved.slice(0, MAX_REPORT_LENSES)) {
        const partial = s.record.cancelled || s.file.endsWith('.partial.json') ? ', partial' : '';
        const when = s.record.createdAt.slice(0, 16).replace('T', ' ');
        lenses.push(
          new vscode.CodeLens(top, {
            title: `Open report: ${s.record.learner} (${when}${partial})`,
            command: Commands.openReport,
            arguments: [vscode.Uri.file(s.file)],
          }),
        );
      }
      return lenses;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.relax.json' }, provider),
    watcher,
    watcher.onDidCreate(fire),
    watcher.onDidChange(fire),
    watcher.onDidDelete(fire),
    changed,
  );
}
