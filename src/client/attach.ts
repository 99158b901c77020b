// "Relax: Attach to Running Simulation…": the learning view of the report panel on a `relax serve`
// state file, following it live. Only file reading happens here; the shaping is in attachModel.
import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LearningRecord } from '../protocol';
import {
  POLL_INTERVAL_MS,
  StateFollower,
  attachReport,
  isContextual,
  isServeStateName,
  statusText,
  type FollowUpdate,
} from './attachModel';
import type { PanelActions, ReportPanel, ReportPanels } from './panelHost';
import { readMethod } from './settings';

/** The state file: the explorer's Uri, a path or URI string, the active editor's state file, or one the user picks. */
async function stateFileTarget(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && isServeStateName(doc.uri.path)) return doc.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'relax serve state file': ['json'] },
    openLabel: 'Attach',
    title: 'Relax: state file of a running `relax serve`',
  });
  return picked?.[0];
}

/** One followed state file: a directory watcher (the snapshot arrives by rename) plus a poll as fallback. */
class Following {
  private readonly timer: NodeJS.Timeout;
  private watcher: FSWatcher | undefined;
  private busy = false;
  private again = false;
  private stopped = false;
  private seriesAnnounced = false;
  private shown = '';

  constructor(
    private readonly follower: StateFollower,
    private readonly panels: ReportPanels,
    private readonly panel: ReportPanel,
    private readonly source: string,
    private readonly series: { name: string; role: 'learner'; contextual: boolean },
  ) {
    const file = follower.stateFile;
    const names = new Set([path.basename(file), path.basename(file).replace(/\.json$/, '.records.jsonl')]);
    try {
      this.watcher = watch(path.dirname(file), { persistent: false }, (_event, name) => {
        if (!name || names.has(name.toString())) void this.tick();
      });
      // Watchers fail on some file systems (network mounts); the poll still covers them.
      this.watcher.on('error', () => this.closeWatcher());
    } catch {
      this.watcher = undefined;
    }
    this.timer = setInterval(() => void this.tick(), POLL_INTERVAL_MS);
    this.timer.unref();
  }

  /** Whether the panel still shows this run (closed, or showing another report: stop). */
  private showing(): boolean {
    return this.panels.active === this.panel && this.panel.report?.source === this.source;
  }

  /** Shows an update; `first` carries the records already on disk when attaching. */
  apply(u: FollowUpdate): void {
    if (u.records.length > 0) this.append(u.records);
    const text = statusText(u.status);
    if (text === this.shown) return;
    this.shown = text;
    if (u.status.kind === 'following') this.panel.progress(text);
    else this.panel.setStatus(u.status.kind === 'error' ? 'failed' : 'idle', text);
  }

  private append(records: LearningRecord[]): void {
    this.panel.appendRecords(this.seriesAnnounced ? this.series.name : this.series, records);
    this.seriesAnnounced = true;
  }

  /** Reads what changed; overlapping triggers (watcher bursts) collapse into one more read. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      do {
        this.again = false;
        if (!this.showing()) {
          this.stop();
          return;
        }
        const u = await this.follower.poll();
        if (this.stopped || !this.showing()) return;
        this.apply(u);
      } while (this.again);
    } finally {
      this.busy = false;
    }
  }

  private closeWatcher(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  stop(message?: string): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.closeWatcher();
    if (message && this.showing()) this.panel.setStatus('cancelled', message);
  }
}

/** The window's one followed state file, owned by the RelaxContext: attaching again (to any file) stops the previous one. */
export class AttachedSimulation {
  private following: Following | undefined;

  /** Stops what was followed before and follows `next`. */
  replace(next: Following | undefined): void {
    this.following?.stop();
    this.following = next;
  }

  /** Stops following; `message` goes to the panel's status line while it still shows the run. */
  stop(message: string): void {
    this.following?.stop(message);
  }
}

/** What attaching needs from the extension. */
export interface AttachDeps {
  panels: ReportPanels;
  attached: AttachedSimulation;
  log: (line: string) => void;
}

/**
 * Opens the learning view on a serve state file with every record so far, then follows it until
 * the panel closes or shows something else. Throws (with the file named) when the file is no state file.
 */
export async function attachSimulation(deps: AttachDeps, arg: unknown): Promise<void> {
  const target = await stateFileTarget(arg);
  if (!target) return;
  if (target.scheme !== 'file')
    throw new Error(`${target.toString()}: only state files on this machine can be followed`);
  const file = target.fsPath;
  const follower = new StateFollower(file);
  const first = await follower.poll();
  if (first.status.kind === 'missing') throw new Error(`${file}: no such state file`);
  if (first.status.kind === 'error') throw new Error(first.status.message);
  const snap = follower.current;
  if (!snap) throw new Error(`${file}: no such state file`);
  deps.attached.replace(undefined);
  const source = target.toString();
  // The panel's buttons belong to the latest attach (createOrShow hands them over), whose Following is the current one.
  const actions: PanelActions = {
    cancel: () => deps.attached.stop('stopped following; the simulation is not affected'),
    rerun: () => attachSimulation(deps, target),
  };
  const method = readMethod(target) === 'ssor-cg' ? 'ssor-cg' : 'sor';
  const panel = deps.panels.createOrShow(attachReport(snap, file, source, method), actions, 'running');
  const following = new Following(follower, deps.panels, panel, source, {
    name: snap.config.learner,
    role: 'learner',
    contextual: isContextual(snap),
  });
  deps.attached.replace(following);
  following.apply(first);
  deps.log(`attached to ${file} (${snap.config.learner}, ${snap.steps} steps, pid ${snap.pid})`);
}
