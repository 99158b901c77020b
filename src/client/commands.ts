import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { exportDocument } from '../core/export/exportJson';
import { formatOmega, omegaShown } from '../core/format/omega';
import { formatPetscOptions } from '../core/export/petscOptions';
import { scipySnippet } from '../core/export/scipySnippet';
import {
  CancelRequest,
  Commands,
  InfoRequest,
  LearnRecordsNotification,
  LearnRequest,
  ResultsRequest,
  SolveRequest,
  SpyRequest,
  TuneRequest,
  type JobOutcome,
  type LearnRecord,
  type MatrixInfo,
  type ResidualHistory,
  type Report,
  type SolveMethod,
  type SolveSummary,
  type TuneMethod,
  type TuneResult,
} from '../protocol';
import { writeFileAtomic } from '../node/atomicWrite';
import { SOFTWARE } from '../core/software';
import { attachSimulation, type AttachDeps, type AttachedSimulation } from './attach';
import { isAttachReport } from './attachModel';
import { runJob } from './jobRunner';
import type { PanelActions, ReportPanel, ReportPanels } from './panelHost';
import { exportSettingsOf, petscLineOf } from './petsc';
import { runLiveLearning } from './liveLearnRun';
import { learnRunStatus, liveLearningReport, partialResultPath } from './liveLearning';
import { fileTitle, historyPlan, learningReport, singleReport, type HistoryPlanItem } from './reports';
import { readLearner, readMethod, readRunSettings } from './settings';
import { matrixTarget, reportTarget, sequenceTarget } from './targets';
import { workspaceRelative } from './relativePaths';
import { readLearnRecord, savedLearnReports } from './savedLearnReports';

/** Everything the commands share, built once by activate() (no module-level state). */
export interface RelaxContext {
  extension: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  /** The window's report panel. */
  panels: ReportPanels;
  /** The relax serve state file the panel follows, if any. */
  attached: AttachedSimulation;
  /** Sources of learning runs streaming into the panel right now (runs per URI): a run that ends never takes the panel from one of them. */
  liveSources: Map<string, number>;
}

/** Residual histories drawn in the report are skipped when a solve would take longer than this many sweeps. */
const MAX_HISTORY_ITERATIONS = 20_000;

/** Text for a toast: absolute paths inside the workspace shortened to workspace-relative ones. */
function relative(text: string): string {
  return workspaceRelative(
    text,
    (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
  );
}

function log(ctx: RelaxContext, line: string): void {
  ctx.output.appendLine(`[${new Date().toISOString()}] ${line}`);
}

/** Logs and shows a job that did not complete; returns the result when it did. */
function completed<T>(ctx: RelaxContext, what: string, out: JobOutcome<T>): T | undefined {
  if (out.status === 'completed') return out.result;
  log(ctx, `${what}: ${out.status}: ${out.message}`);
  if (out.status === 'failed') void vscode.window.showErrorMessage(`Relax: ${what} failed: ${relative(out.message)}`);
  else void vscode.window.showInformationMessage(`Relax: ${what} cancelled.`);
  return undefined;
}

async function info(ctx: RelaxContext, uri: string): Promise<MatrixInfo | undefined> {
  const out = await ctx.client.sendRequest(InfoRequest, { uri });
  return out.status === 'completed' ? out.result : undefined;
}

async function history(ctx: RelaxContext, uri: string, item: HistoryPlanItem): Promise<ResidualHistory | undefined> {
  const settings = readRunSettings(vscode.Uri.parse(uri));
  settings.maxIterations = Math.min(settings.maxIterations, MAX_HISTORY_ITERATIONS);
  const { method, omega, role, label } = item;
  const out = await ctx.client.sendRequest(SolveRequest, { uri, method, omega, settings, recordResiduals: true });
  if (out.status !== 'completed' || !out.result.residuals) return undefined;
  const r = out.result;
  return {
    label,
    method,
    role,
    omega,
    iterations: r.iterations,
    converged: r.converged,
    reason: r.reason,
    residuals: r.residuals ?? [],
  };
}

/** Opens the report panel for a matrix: facts, spy plot, and the tuning result with residual histories when there is one. */
async function showMatrixReport(ctx: RelaxContext, uri: string, tune: TuneResult | undefined): Promise<void> {
  const [facts, spy] = await Promise.all([info(ctx, uri), ctx.client.sendRequest(SpyRequest, { uri, maxSide: 400 })]);
  const residuals: ResidualHistory[] = [];
  if (tune) {
    const rec = tune.record;
    const saved = await ctx.client.sendRequest(ResultsRequest, { uri });
    const other = saved[rec.inputs.method === 'sor' ? 'ssor-cg' : 'sor'];
    // Young's ω* only where the hover says the formula applies (ρ < 1); the tuner's clamped 1.99 is no ω*.
    const young = facts?.youngOmega;
    for (const item of historyPlan(
      { method: rec.inputs.method, omega: rec.omega, reason: rec.reason },
      young,
      other?.record.omega,
      facts?.ssorCg?.applies ?? true,
    )) {
      const h = await history(ctx, uri, item);
      if (h) residuals.push(h);
    }
  }
  const report = singleReport(uri, facts, tune, residuals, spy.status === 'completed' ? spy.result : undefined);
  ctx.panels.createOrShow(report, panelActions(ctx));
}

/** A progress sink that also updates the report panel, when it is showing the report of `uri`. */
function mirrorToPanel(ctx: RelaxContext, uri: string): (message: string, fraction?: number) => void {
  return (message, fraction) => {
    const panel = ctx.panels.active;
    if (panel?.report?.source === uri) panel.progress(message, fraction);
  };
}

function panelActions(ctx: RelaxContext): PanelActions {
  return {
    cancel: async (report: Report | undefined) => {
      await ctx.client.sendRequest(CancelRequest, report?.source ? { uri: report.source } : {});
    },
    rerun: async (report: Report) => {
      if (!report.source) return;
      if (isAttachReport(report)) await reattach(ctx, report.source);
      else if (report.kind === 'single') await tune(ctx, report.source, report.tune?.method ?? 'sor');
      else await learn(ctx, report.source);
    },
    // An attached simulation goes on after a window reload: its panel follows the state file again.
    restored: async (panel: ReportPanel, report: Report) => {
      if (!isAttachReport(report) || !report.source) return;
      try {
        await reattach(ctx, report.source);
      } catch (err) {
        const text = relative(err instanceof Error ? err.message : String(err));
        log(ctx, `re-attaching after a reload: ${text}`);
        panel.setStatus('failed', `Could not follow the simulation again: ${text}`);
      }
    },
  };
}

/** Attaches the panel to a serve state file again (Re-run, or a restored panel). */
function reattach(ctx: RelaxContext, source: string): Promise<void> {
  return attachSimulation(attachDeps(ctx), vscode.Uri.parse(source));
}

function attachDeps(ctx: RelaxContext): AttachDeps {
  return { panels: ctx.panels, attached: ctx.attached, log: (line) => log(ctx, line) };
}

async function tune(ctx: RelaxContext, arg: unknown, method: TuneMethod): Promise<void> {
  const target = await matrixTarget(arg);
  if (!target) return;
  const uri = target.toString();
  const name = method === 'sor' ? 'SOR' : 'SSOR-CG';
  const out = await runJob(
    ctx.client,
    TuneRequest,
    { uri, method, settings: readRunSettings(target) },
    `Relax: tuning ω (${name}) for ${fileTitle(uri)}`,
    mirrorToPanel(ctx, uri),
  );
  const result = completed(ctx, `tuning ${fileTitle(uri)}`, out);
  if (!result) return;
  const r = result.record;
  const base = r.baselines.omega1;
  log(
    ctx,
    `${fileTitle(uri)} ${name}: ${r.converged && r.omega !== undefined ? `ω = ${formatOmega(r.omega)} → ${r.iterations} iterations` : `${r.reason}: ${r.message ?? ''}`}; ` +
      `ω = 1 → ${base ? `${base.iterations} (${base.reason ?? (base.converged ? 'converged' : 'not converged')})` : 'not run'}; ${r.evaluations} solves in ${r.seconds.toFixed(2)} s; saved ${result.resultUri}`,
  );
  const petsc = petscLineOf(r);
  if (petsc !== undefined) log(ctx, `  PETSc: ${petsc}`);
  else void vscode.window.showWarningMessage(`Relax: ${name} on ${fileTitle(uri)}: ${r.message ?? r.reason}`);
  await showMatrixReport(ctx, uri, result);
}

async function solve(ctx: RelaxContext, arg: unknown): Promise<void> {
  const target = await matrixTarget(arg);
  if (!target) return;
  const uri = target.toString();
  const methods: SolveMethod[] = ['sor', 'ssor-cg', 'cg'];
  const preferred = readMethod(target);
  const method = (
    await vscode.window.showQuickPick(
      methods.map((m) => ({ label: m, picked: m === preferred, description: m === preferred ? 'relax.method' : '' })),
      { title: 'Relax: solver' },
    )
  )?.label as SolveMethod | undefined;
  if (!method) return;
  let omega = 1;
  if (method !== 'cg') {
    const saved = (await ctx.client.sendRequest(ResultsRequest, { uri }))[method];
    const text = await vscode.window.showInputBox({
      title: 'Relax: ω',
      value: saved?.record.omega !== undefined ? formatOmega(saved.record.omega) : '1.5',
      validateInput: (v) => (Number(v) > 0 && Number(v) < 2 ? undefined : 'ω must be strictly between 0 and 2'),
    });
    if (text === undefined) return;
    omega = Number(text);
  }
  const settings = readRunSettings(target);
  const rhsPick = await vscode.window.showQuickPick(
    [
      { label: 'ones', rhs: 'ones' as const },
      { label: 'A·ones', rhs: 'a-times-ones' as const },
      { label: `random (seed ${settings.seed})`, rhs: 'random' as const },
      { label: 'vector file…', rhs: 'file' as const },
    ],
    { title: 'Relax: right-hand side' },
  );
  if (!rhsPick) return;
  settings.rhs = { kind: rhsPick.rhs };
  if (rhsPick.rhs === 'file') {
    const file = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'Matrix Market vector': ['mtx'] },
    });
    if (!file?.[0]) return;
    settings.rhs.uri = file[0].toString();
  }
  const write = await vscode.window.showQuickPick(['No', 'Yes'], { title: 'Write the solution next to the matrix?' });
  if (!write) return;
  const out = await runJob(
    ctx.client,
    SolveRequest,
    { uri, method, omega, settings, writeSolution: write === 'Yes' },
    `Relax: solving ${fileTitle(uri)} (${method})`,
  );
  const s: SolveSummary | undefined = completed(ctx, `solving ${fileTitle(uri)}`, out);
  if (!s) return;
  if (s.reason === 'not-applicable') {
    log(ctx, `${fileTitle(uri)} ${method}: ${s.message ?? 'not applicable'}`);
    void vscode.window.showWarningMessage(`Relax: ${s.message ?? `${method} does not apply to ${fileTitle(uri)}`}`);
    return;
  }
  const line =
    `${fileTitle(uri)} ${method}${method === 'cg' ? '' : ` ω = ${formatOmega(s.omega)}`}: ${s.iterations} iterations, ${s.reason}, ` +
    `relative residual ${s.relativeResidual.toExponential(2)}${s.message ? ` (${s.message})` : ''}`;
  log(ctx, line + (s.solutionUri ? `; solution ${s.solutionUri}` : ''));
  void (s.converged
    ? vscode.window.showInformationMessage(`Relax: ${line}`)
    : vscode.window.showWarningMessage(`Relax: ${line}`));
}

/** Learns over a spec or folder with the report panel updating live; see runLiveLearning. */
async function learn(ctx: RelaxContext, arg: unknown): Promise<void> {
  const target = await sequenceTarget(arg);
  if (!target) return;
  const uri = target.toString();
  const learner = readLearner(target);
  const method = readMethod(target) === 'ssor-cg' ? 'ssor-cg' : 'sor';
  const title = `${fileTitle(uri)}: ${learner}`;
  const actions = panelActions(ctx);
  const panel = ctx.panels.createOrShow(liveLearningReport(title, uri, 0, method), actions, 'running');
  const folders = (): string[] => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  ctx.liveSources.set(uri, (ctx.liveSources.get(uri) ?? 0) + 1);
  const { outcome } = await runLiveLearning(
    {
      uri,
      sourcePath: target.fsPath,
      learner,
      method,
      settings: readRunSettings(target),
      // Unique without a counter: only this run's notifications carry it.
      streamId: `learn-${process.pid}-${randomUUID()}`,
      title,
    },
    {
      request: (params) =>
        runJob(
          ctx.client,
          LearnRequest,
          params,
          `Relax: learning ω (${learner}) on ${fileTitle(uri)}`,
          mirrorToPanel(ctx, uri),
        ),
      onRecords: (handler) => ctx.client.onNotification(LearnRecordsNotification, handler),
      // Records go to the panel only while it still shows this run; the stream keeps them regardless.
      panel: () => (ctx.panels.active === panel && panel.report?.source === uri ? panel : undefined),
      savePartial: async (rec) => {
        const file = partialResultPath(target.fsPath, rec.learner, folders());
        await writeFileAtomic(file, JSON.stringify(rec, null, 2) + '\n');
        return file;
      },
      software: SOFTWARE,
    },
  ).finally(() => {
    const n = (ctx.liveSources.get(uri) ?? 1) - 1;
    if (n > 0) ctx.liveSources.set(uri, n);
    else ctx.liveSources.delete(uri);
  });
  const result = completed(ctx, `learning on ${fileTitle(uri)}`, outcome);
  if (!result) return;
  const r = result.record;
  log(
    ctx,
    `${fileTitle(uri)} ${learner}: ${r.steps.length} instances, ${r.totalIterations} iterations, ` +
      `${r.unconverged} unconverged${r.cancelled ? ' (cancelled: partial)' : ''}; saved ${result.resultUri}`,
  );
  if (r.cancelled)
    void vscode.window.showInformationMessage(
      `Relax: learning on ${fileTitle(uri)}: ${r.message ?? 'cancelled'} of ${r.instances}; the partial run is saved.`,
    );
  const shown = ctx.panels.active?.report?.source;
  const showingThis = ctx.panels.active === panel && shown === uri;
  if (!showingThis && !(shown !== undefined && ctx.liveSources.has(shown))) showLearnRecord(ctx, r, actions);
}

/** Shows a finished or saved learning run in the panel; a cancelled one says where it stopped. */
function showLearnRecord(ctx: RelaxContext, record: LearnRecord, actions: PanelActions): void {
  const ended = learnRunStatus(record);
  ctx.panels.createOrShow(learningReport(record), actions, ended.status, ended.message);
}

async function savedResult(ctx: RelaxContext, arg: unknown, methodArg: unknown): Promise<TuneResult | undefined> {
  const target = await matrixTarget(arg);
  if (!target) return undefined;
  const saved = await ctx.client.sendRequest(ResultsRequest, { uri: target.toString() });
  const method: TuneMethod | undefined =
    methodArg === 'sor' || methodArg === 'ssor-cg'
      ? methodArg
      : saved.sor
        ? 'sor'
        : saved['ssor-cg']
          ? 'ssor-cg'
          : undefined;
  const result = method ? saved[method] : undefined;
  if (!result)
    void vscode.window.showInformationMessage(
      `Relax: no tuning result for ${fileTitle(target.toString())} yet; run "Tune ω" first.`,
    );
  return result;
}

async function exportParameters(ctx: RelaxContext, arg: unknown, methodArg: unknown): Promise<void> {
  const result = await savedResult(ctx, arg, methodArg);
  if (!result) return;
  const s = exportSettingsOf(result.record);
  if (!s) {
    void vscode.window.showWarningMessage(
      `Relax: nothing to export for ${fileTitle(result.record.matrix.uri)}: ${result.record.message ?? 'no solve converged'}`,
    );
    return;
  }
  const pick = await vscode.window.showQuickPick(
    [
      { label: 'JSON', ext: 'json', text: () => JSON.stringify(exportDocument(s), null, 2) + '\n' },
      { label: 'PETSc options', ext: 'txt', text: () => formatPetscOptions(s) },
      { label: 'SciPy / Python script', ext: 'py', text: () => scipySnippet(s) },
    ],
    { title: 'Relax: export tuned parameters as' },
  );
  if (!pick) return;
  const matrixPath = vscode.Uri.parse(result.record.matrix.uri).fsPath;
  const suggested = vscode.Uri.file(
    path.join(
      path.dirname(matrixPath),
      `${path.basename(matrixPath).replace(/\.mtx(\.gz)?$/, '')}.${s.method}.${pick.ext}`,
    ),
  );
  const dest = await vscode.window.showSaveDialog({ defaultUri: suggested });
  if (!dest) return;
  await vscode.workspace.fs.writeFile(dest, Buffer.from(pick.text(), 'utf8'));
  log(ctx, `exported ${pick.label} to ${dest.fsPath}`);
  const action = await vscode.window.showInformationMessage(
    `Relax: exported ${pick.label} to ${vscode.workspace.asRelativePath(dest, false)}`,
    'Open',
    'Reveal',
  );
  if (action === 'Open') await vscode.window.showTextDocument(dest);
  else if (action === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', dest);
}

async function copyPetscOptions(ctx: RelaxContext, arg: unknown, methodArg: unknown): Promise<void> {
  const result = await savedResult(ctx, arg, methodArg);
  if (!result) return;
  const line = petscLineOf(result.record);
  if (line === undefined) {
    void vscode.window.showWarningMessage(
      `Relax: no PETSc options for ${fileTitle(result.record.matrix.uri)}: ${result.record.message ?? 'no solve converged'}`,
    );
    return;
  }
  await vscode.env.clipboard.writeText(line);
  // People read ω to 4 digits; the clipboard keeps it exact, so PETSc reproduces the measured count.
  void vscode.window.showInformationMessage(
    `Relax: copied PETSc options: ${omegaShown(line)} (ω at full precision in the clipboard)`,
  );
}

/** A sequence spec, or a saved learning record, that `Relax: Open Report` should reopen; undefined for matrices. */
function sequenceReportTarget(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== 'file') return undefined;
  return /\.relax\.json$/.test(uri.path) || /\.learn-[^/]*\.json$/.test(uri.path) ? uri : undefined;
}

/** Reopens a saved learning run (the newest, or the one picked) in the report panel, without re-running it. */
async function openSavedLearning(ctx: RelaxContext, target: vscode.Uri): Promise<void> {
  let record: LearnRecord | undefined;
  if (/\.learn-[^/]*\.json$/.test(target.path)) {
    record = await readLearnRecord(target.fsPath);
    if (!record) throw new Error(`${target.fsPath} is not a saved learning report`);
  } else {
    const saved = await savedLearnReports(
      target.fsPath,
      (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    );
    if (saved.length === 0) {
      void vscode.window.showInformationMessage(
        `Relax: no saved learning run for ${fileTitle(target.toString())} yet; run "Learn ω" first.`,
      );
      return;
    }
    const pick =
      saved.length === 1
        ? saved[0]
        : (
            await vscode.window.showQuickPick(
              saved.map((s) => ({
                label: s.record.learner,
                description: `${s.record.createdAt}${s.record.cancelled ? ' (partial)' : ''}`,
                s,
              })),
              { title: 'Relax: saved learning runs' },
            )
          )?.s;
    record = pick?.record;
  }
  if (!record) return;
  log(
    ctx,
    `reopened the saved learning report of ${fileTitle(record.source)} (${record.learner}, ${record.createdAt})`,
  );
  showLearnRecord(ctx, record, panelActions(ctx));
}

/** Registers every `relax.*` command. */
export function registerCommands(ctx: RelaxContext): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: unknown[]) => Promise<void> | void): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await fn(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(ctx, `${id}: ${message}`);
        void vscode.window.showErrorMessage(`Relax: ${relative(message)}`);
      }
    });
  return [
    reg(Commands.tune, (a) => tune(ctx, a, 'sor')),
    reg(Commands.tuneSsor, (a) => tune(ctx, a, 'ssor-cg')),
    reg(Commands.solve, (a) => solve(ctx, a)),
    reg(Commands.learn, (a) => learn(ctx, a)),
    reg(Commands.cancel, async (a) => {
      const uri = typeof a === 'string' ? a : a instanceof vscode.Uri ? a.toString() : undefined;
      const { cancelled } = await ctx.client.sendRequest(CancelRequest, uri ? { uri } : {});
      log(ctx, `cancelled ${cancelled} job(s)`);
    }),
    reg(Commands.exportParameters, (a, m) => exportParameters(ctx, a, m)),
    reg(Commands.showServerOutput, () => ctx.output.show(true)),
    reg(Commands.showMatrix, async (a) => {
      const target = await matrixTarget(a);
      if (target) await showMatrixReport(ctx, target.toString(), undefined);
    }),
    reg(Commands.copyPetscOptions, (a, m) => copyPetscOptions(ctx, a, m)),
    reg(Commands.openReport, async (a, m) => {
      const target = await reportTarget(a);
      if (!target) return;
      const sequence = sequenceReportTarget(target);
      if (sequence) return openSavedLearning(ctx, sequence);
      const result = await savedResult(ctx, target, m);
      if (result) await showMatrixReport(ctx, result.record.matrix.uri, result);
    }),
    reg(Commands.attachSimulation, (a) => attachSimulation(attachDeps(ctx), a)),
  ];
}

/** Panel actions for panels restored after a window reload. */
export function restoredPanelActions(ctx: RelaxContext): PanelActions {
  return panelActions(ctx);
}
