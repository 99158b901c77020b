// Activation stays thin: an output channel, the language client and the commands. All parsing and
// solving happens in dist/server.js.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands, restoredPanelActions, type RelaxContext } from './client/commands';
import { createLanguageClient } from './client/languageClient';
import { registerSpecLenses } from './client/specLens';
import { jobsStatusBar } from './client/statusBar';
import { ReportPanels } from './client/panelHost';
import { AttachedSimulation } from './client/attach';

// The one module-level reference: VS Code calls deactivate() without arguments, and it must stop the client.
let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Relax', { log: true });
  client = createLanguageClient(context, output);
  const ctx: RelaxContext = {
    extension: context,
    client,
    output,
    liveSources: new Map(),
    panels: new ReportPanels(context.extensionUri),
    attached: new AttachedSimulation(),
  };
  context.subscriptions.push(output, ...registerCommands(ctx), jobsStatusBar(client), registerSpecLenses());
  context.subscriptions.push(ctx.panels.registerSerializer(restoredPanelActions(ctx)));
  // Not awaited: activation ends before the server is up; requests wait for it, and a server that
  // cannot start is reported in the output channel instead of failing activation.
  client.start().catch((err: unknown) => {
    output.error(`the Relax server did not start: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage('Relax: the language server did not start. See "Relax: Show Server Output".');
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
