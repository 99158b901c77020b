// Activation stays thin: an output channel, the language client and the commands. All parsing and
// solving happens in dist/server.js.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands, restoredPanelActions, type RelaxContext } from './client/commands';
import { createLanguageClient } from './client/languageClient';
import { ReportPanel } from './client/panelHost';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Relax', { log: true });
  client = createLanguageClient(context, output);
  const ctx: RelaxContext = { extension: context, client, output };
  context.subscriptions.push(output, ...registerCommands(ctx));
  context.subscriptions.push(ReportPanel.registerSerializer(context.extensionUri, restoredPanelActions(ctx)));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
