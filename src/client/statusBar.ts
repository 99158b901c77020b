import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands, JobsChangedNotification, type JobsStatus } from '../protocol';

/** A status bar item while the server runs jobs; clicking it cancels them all. */
export function jobsStatusBar(client: LanguageClient): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  item.command = Commands.cancel;
  const show = (s: JobsStatus): void => {
    if (s.running.length === 0 && s.queued === 0) {
      item.hide();
      return;
    }
    const first = s.running[0];
    const what = first ? `${first.kind} ${path.basename(vscode.Uri.parse(first.uri).fsPath)}` : 'waiting';
    const more = s.running.length - 1 + s.queued;
    item.text = `$(sync~spin) Relax: ${what}${more > 0 ? ` (+${more})` : ''}`;
    item.tooltip = `${s.running.length} running, ${s.queued} queued. Click to cancel all.`;
    item.show();
  };
  const sub = client.onNotification(JobsChangedNotification, show);
  return vscode.Disposable.from(item, sub);
}
