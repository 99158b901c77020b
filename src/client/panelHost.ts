// The extension-host side of the `relax.report` webview panel: one panel, fed with a report and live
// updates, answering the panel's buttons through `PanelActions`.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  REPORT_PANEL_VIEW_TYPE,
  type ExportFormat,
  type IterationHeatmapRows,
  type LearningRecord,
  type PanelInboundMessage,
  type PanelOutboundMessage,
  type Report,
  type RunStatus,
} from '../protocol';
import { LiveFeed, liveMessages, type PendingLive, type SeriesInfo } from './liveFeed';
import { panelHtml } from './panelHtml';
import { workspaceRelative } from './relativePaths';
import { initialState, isOutboundMessage, reduce, type PanelState } from '../shared/panelState';

/** What the panel's buttons do; provided by the extension (commands, server requests). */
export interface PanelActions {
  /** Cancel the run that feeds the panel. */
  cancel(report: Report | undefined): void | Promise<void>;
  /** Run the shown report again (same file or spec, same settings). */
  rerun(report: Report): void | Promise<void>;
  /**
   * Copy or apply PETSc options for the shown report. When absent, the panel copies
   * `report.petscOptions` to the clipboard itself.
   */
  copyPetscOptions?(report: Report): void | Promise<void>;
  /**
   * A panel was restored after a window reload with `report`: the place to take up what it followed
   * (an attached simulation). Without it, a run that was live is shown as stopped.
   */
  restored?(panel: ReportPanel, report: Report): void | Promise<void>;
}

/** Everything after a comma of a `data:image/png;base64,` URL, or undefined if it is not one. */
function pngBytes(dataUrl: string): Buffer | undefined {
  const prefix = 'data:image/png;base64,';
  return dataUrl.startsWith(prefix) ? Buffer.from(dataUrl.slice(prefix.length), 'base64') : undefined;
}

const exportFilters: Record<ExportFormat, Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  csv: { CSV: ['csv'] },
  json: { JSON: ['json'] },
};

/**
 * The window's report panel (at most one): `createOrShow` reuses it. Owned by the RelaxContext that
 * activate() builds, so no module holds a panel.
 */
export class ReportPanels {
  private current: ReportPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The open panel, if any (for live updates from a running job). */
  get active(): ReportPanel | undefined {
    return this.current;
  }

  /**
   * Shows `report` in the panel, creating it beside the active editor if needed.
   * `status` is `running` while live updates will follow, else `completed` by default.
   */
  createOrShow(report: Report, actions: PanelActions, status: RunStatus = 'completed', message?: string): ReportPanel {
    if (this.current) {
      this.current.reuse(actions);
      this.current.show(report, status, message);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(
      REPORT_PANEL_VIEW_TYPE,
      ReportPanel.titleOf(report),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      ReportPanel.webviewOptions(this.extensionUri),
    );
    const rp = this.adopt(panel, actions, { status: 'idle' });
    rp.show(report, status, message);
    return rp;
  }

  /**
   * Restores panels after a window reload from the state the webview saved with setState.
   * Register once in `activate` (and add `onWebviewPanel:relax.report` to activationEvents).
   */
  registerSerializer(actions: PanelActions): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(REPORT_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown): Promise<void> => {
        panel.webview.options = ReportPanel.webviewOptions(this.extensionUri);
        this.current?.dispose();
        const restored = this.adopt(panel, actions, ReportPanel.restoredState(state));
        const report = restored.report;
        if (report && actions.restored) await actions.restored(restored, report);
      },
    });
  }

  /** Makes `panel` the current one until it is disposed. */
  private adopt(panel: vscode.WebviewPanel, actions: PanelActions, state: PanelState): ReportPanel {
    const rp = new ReportPanel(panel, this.extensionUri, actions, state, (gone) => {
      if (this.current === gone) this.current = undefined;
    });
    this.current = rp;
    return rp;
  }
}

/** One report panel: its webview, the authoritative state and the live feed. Made by ReportPanels. */
export class ReportPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly live: LiveFeed;
  /** The authoritative state: the webview's is rebuilt from it whenever the webview reloads. */
  private state: PanelState;

  /** Use ReportPanels.createOrShow; `released` tells the owner this panel is gone. */
  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private actions: PanelActions,
    state: PanelState,
    private readonly released: (panel: ReportPanel) => void,
  ) {
    this.state = state;
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'report-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'report-dark.svg'),
    };
    this.live = new LiveFeed((b) => this.postLive(b));
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), null, this.disposables);
    if (state.report) panel.title = ReportPanel.titleOf(state.report);
  }

  /** Brings the panel forward for a new report whose buttons do what `actions` say. */
  reuse(actions: PanelActions): void {
    this.actions = actions;
    this.panel.reveal(undefined, true);
  }

  /** Replaces the shown report (first show, re-run), `message` in the status line; pending live updates go out first and are then superseded. */
  show(report: Report, status: RunStatus = 'completed', message?: string): void {
    this.live.flush();
    this.panel.title = ReportPanel.titleOf(report);
    // One message with the notice: a report and a separate status left a large report drawn as a bare "Cancelled" first.
    this.post({ type: 'report', report, status, ...(message !== undefined ? { message } : {}) });
  }

  /** Live status line; paced by the webview's drawing together with records (see LiveFeed). */
  progress(message: string, fraction?: number): void {
    this.live.push({ kind: 'progress', message, fraction });
  }

  /**
   * Appends learning records to a series; paced like progress. Pass `{ name, role, contextual }` the first time
   * a series appears (a bare name creates a non-contextual comparator).
   */
  appendRecords(series: SeriesInfo, records: readonly LearningRecord[]): void {
    this.live.push({ kind: 'records', series, records });
  }

  /** Appends heat map rows (iterations over the omega grid for more instances); paced like records. */
  appendHeatmapRows(rows: IterationHeatmapRows): void {
    this.live.push({ kind: 'heatmap', rows });
  }

  /** Ends or changes the run state; pending live updates are sent first so nothing is lost. */
  setStatus(status: RunStatus, message?: string): void {
    this.live.flush();
    this.post({ type: 'status', status, message });
  }

  /** A short message in the panel's status line. */
  notice(message: string): void {
    this.post({ type: 'notice', message });
  }

  /** The report currently shown, including live records received so far. */
  get report(): Report | undefined {
    return this.state.report;
  }

  dispose(): void {
    // panel.dispose() fires onDidDispose, which calls back here.
    if (this.disposed) return;
    this.disposed = true;
    this.released(this);
    this.live.dispose();
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }

  private post(msg: PanelInboundMessage): void {
    // A run may keep reporting after the user closed the panel; a disposed webview throws.
    if (this.disposed) return;
    this.state = reduce(this.state, msg);
    // A hidden panel has no webview (retainContextWhenHidden is off): the message is dropped, and
    // the 'ready' handshake re-sends the whole state when it is shown again.
    this.panel.webview.postMessage(msg).then(undefined, () => undefined);
  }

  private postLive(b: PendingLive): void {
    for (const m of liveMessages(b)) this.post(m);
  }

  private onMessage(data: unknown): void {
    if (!isOutboundMessage(data)) return;
    void this.handle(data).catch((e: unknown) => {
      const text = e instanceof Error ? e.message : String(e);
      this.notice(`Failed: ${text}`);
      void vscode.window.showErrorMessage(
        `Relax report: ${workspaceRelative(
          text,
          (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
        )}`,
      );
    });
  }

  private async handle(msg: PanelOutboundMessage): Promise<void> {
    const report = this.state.report;
    switch (msg.type) {
      case 'ready':
        this.resend();
        // A reloaded webview drew nothing it was sent before: it starts from the whole state.
        this.live.drawn();
        return;
      case 'drawn':
        this.live.drawn();
        return;
      case 'cancel':
        await this.actions.cancel(report);
        return;
      case 'rerun':
        if (report) await this.actions.rerun(report);
        return;
      case 'copyPetsc':
        if (!report) return;
        if (this.actions.copyPetscOptions) {
          await this.actions.copyPetscOptions(report);
        } else if (report.petscOptions) {
          await vscode.env.clipboard.writeText(report.petscOptions);
          this.notice('PETSc options copied to the clipboard');
        } else {
          this.notice('No PETSc options for this report');
        }
        return;
      case 'export':
        await this.saveExport(msg.format, msg.suggestedName, msg.content);
        return;
    }
  }

  /** Sends the whole state to a webview that just (re)loaded. */
  private resend(): void {
    if (this.disposed) return;
    const { report, status, progress, notice } = this.state;
    if (report)
      void this.panel.webview.postMessage({
        type: 'report',
        report,
        status,
        ...(notice !== undefined ? { message: notice } : {}),
      } satisfies PanelInboundMessage);
    if (progress && status === 'running')
      void this.panel.webview.postMessage({ type: 'progress', ...progress } satisfies PanelInboundMessage);
    if (notice && !report)
      void this.panel.webview.postMessage({ type: 'notice', message: notice } satisfies PanelInboundMessage);
  }

  private async saveExport(format: ExportFormat, suggestedName: string, content: string): Promise<void> {
    const bytes = format === 'png' ? pngBytes(content) : Buffer.from(content, 'utf8');
    if (!bytes) {
      this.notice('Export failed: the chart image was not a PNG');
      return;
    }
    const safeName = path.basename(suggestedName).replace(/[^A-Za-z0-9._-]+/g, '-') || `relax.${format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.defaultFolder(), safeName),
      filters: exportFilters[format],
      saveLabel: 'Export',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    this.notice(`Saved ${target.fsPath}`);
  }

  private defaultFolder(): vscode.Uri {
    const source = this.state.report?.source;
    if (source) {
      try {
        const uri =
          source.includes('://') || source.startsWith('file:') ? vscode.Uri.parse(source) : vscode.Uri.file(source);
        return vscode.Uri.joinPath(uri, '..');
      } catch {
        // Fall through to the workspace folder: a malformed source only loses the default location.
      }
    }
    return vscode.workspace.workspaceFolders?.[0]?.uri ?? this.extensionUri;
  }

  private html(): string {
    const webview = this.panel.webview;
    const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString();
    return panelHtml({ cspSource: webview.cspSource, nonce: randomBytes(18).toString('base64'), scriptUri });
  }

  /** The panel's webview options (scripts on, not retained when hidden, dist/ and media/ only). */
  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  /** The panel's tab title for `report`. */
  static titleOf(report: Report): string {
    return `Relax: ${report.title}`;
  }

  /** State saved by the webview; a run that was live cannot have survived the reload. */
  static restoredState(saved: unknown): PanelState {
    if (typeof saved !== 'object' || saved === null || !('report' in saved)) return initialState;
    const s = saved as PanelState;
    if (!s.report || (s.report.kind !== 'single' && s.report.kind !== 'learning')) return initialState;
    const wasLive = s.status === 'running';
    return {
      report: s.report,
      status: wasLive ? 'cancelled' : s.status,
      notice: wasLive ? 'Restored after a reload: the live run stopped with the window. Re-run to continue.' : s.notice,
    };
  }
}
