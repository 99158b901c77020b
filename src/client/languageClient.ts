import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { MATRIX_MARKET_LANGUAGE } from '../protocol';
import { readServerSettings } from './settings';

/** Restarts allowed within `RESTART_WINDOW_MS` before the client gives up (a crash loop). */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

/**
 * Restarts a crashed or killed server, tells the user once per session, and stops trying after a
 * crash loop. Requests in flight at the crash fail; the caller reports them as failed runs.
 */
class RestartingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];
  private told = false;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(): { action: ErrorAction } {
    return { action: ErrorAction.Continue };
  }

  closed(): { action: CloseAction; handled: boolean } {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - this.restarts[0] > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      void vscode.window.showErrorMessage(
        `The Relax server stopped ${this.restarts.length} times in 3 minutes and will not be restarted. See "Relax: Show Server Output".`,
      );
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    this.output.appendLine(`[${new Date().toISOString()}] the Relax server stopped; restarting it`);
    if (!this.told) {
      this.told = true;
      void vscode.window.showWarningMessage(
        'The Relax server stopped unexpectedly and was restarted. A run in progress was reported as failed; saved results are kept.',
      );
    }
    return { action: CloseAction.Restart, handled: true };
  }
}

/** The language client for dist/server.js over Node IPC; only `.mtx` documents are synchronised. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: MATRIX_MARKET_LANGUAGE }],
    synchronize: { configurationSection: 'relax' },
    initializationOptions: readServerSettings(),
    outputChannel: output,
    errorHandler: new RestartingErrorHandler(output),
  };
  return new LanguageClient('relax', 'Relax', serverOptions, clientOptions);
}
