// One learning run as the extension drives it: a live report from the first streamed batch, every
// record kept client-side, the final report on completion, and a partial result file when the
// server dies mid-run. No vscode import: the transport and the panel are passed in.
import type {
  JobOutcome,
  LearnParams,
  LearnRecord,
  LearnRecordsParams,
  LearnResult,
  Report,
  RunSettings,
  RunStatus,
  TuneMethod,
} from '../protocol';
import {
  LearnStream,
  learnRunStatus,
  learningReportOf,
  liveLearningReport,
  partialLearnRecord,
  type LiveSink,
} from './liveLearning';

/** The report panel as a live run uses it (ReportPanel implements it). */
export interface LivePanel extends LiveSink {
  show(report: Report, status?: RunStatus, message?: string): void;
  setStatus(status: RunStatus, message?: string): void;
}

export interface LiveRunDeps {
  /** Sends `relax/learn`; a lost server must come back as a `failed` outcome, not a rejection. */
  request(params: LearnParams): Promise<JobOutcome<LearnResult>>;
  /** Subscribes to `relax/learnRecords`. */
  onRecords(handler: (p: LearnRecordsParams) => void): { dispose(): void };
  /** The panel while it still shows this run (undefined once the user closed it or opened another report). */
  panel(): LivePanel | undefined;
  /** Writes the partial record atomically and returns where. */
  savePartial(record: LearnRecord): Promise<string>;
  software: { name: string; version: string };
}

export interface LiveRun {
  uri: string;
  /** Local path of the spec or folder. */
  sourcePath: string;
  learner: string;
  method: TuneMethod;
  settings: RunSettings;
  streamId: string;
  /** Panel title, e.g. `shifted-laplacian.relax.json: auto`. */
  title: string;
}

export interface LiveRunOutcome {
  /** The server's answer; a failure message says how many instances were kept and where. */
  outcome: JobOutcome<LearnResult>;
  stream: LearnStream;
  partialFile?: string;
}

/** Runs one learning job with live records; see the file comment. */
export async function runLiveLearning(run: LiveRun, deps: LiveRunDeps): Promise<LiveRunOutcome> {
  const stream = new LearnStream(run.streamId);
  const started = Date.now();
  deps.panel()?.show(liveLearningReport(run.title, run.uri, 0, run.method), 'running');
  const sub = deps.onRecords((p) => {
    if (p.streamId !== run.streamId) return;
    const panel = deps.panel();
    // The first batch says how many instances there are: the x range of the charts.
    if (panel && stream.series.length === 0 && !stream.heatmap)
      panel.show(liveLearningReport(run.title, run.uri, p.instances, run.method), 'running');
    stream.accept(p, panel);
  });
  let outcome: JobOutcome<LearnResult>;
  try {
    outcome = await deps.request({
      uri: run.uri,
      learner: run.learner,
      method: run.method,
      settings: run.settings,
      streamId: run.streamId,
    });
  } finally {
    sub.dispose();
  }
  if (outcome.status === 'completed') {
    const r = outcome.result.record;
    const panel = deps.panel();
    const ended = learnRunStatus(r);
    panel?.show(learningReportOf(r, run.title, run.uri), ended.status, ended.message);
    return { outcome, stream };
  }
  if (outcome.status === 'cancelled' || stream.series.length === 0) {
    deps.panel()?.setStatus(outcome.status, outcome.message);
    return { outcome, stream };
  }
  const rec = partialLearnRecord(
    stream,
    {
      source: run.sourcePath,
      learner: run.learner,
      method: run.method,
      settings: run.settings,
      software: deps.software,
      seconds: (Date.now() - started) / 1000,
    },
    outcome.message,
  );
  let partialFile: string | undefined;
  let kept: string;
  try {
    partialFile = await deps.savePartial(rec);
    kept = `${rec.steps.length} of ${rec.instances} instances kept in ${partialFile}`;
  } catch (err) {
    kept = `${rec.steps.length} of ${rec.instances} instances shown; saving them failed (${err instanceof Error ? err.message : String(err)})`;
  }
  const message = `${outcome.message}; ${kept}`;
  const panel = deps.panel();
  panel?.show(learningReportOf(rec, run.title, run.uri), 'failed', message);
  return { outcome: { status: 'failed', message }, stream, ...(partialFile ? { partialFile } : {}) };
}
