// Client-side shaping of a streamed learning run: keeps every record received (so a server crash
// mid-run loses nothing already seen), feeds the report panel, and builds the reports and the
// partial result file. No vscode import: unit-tested directly.
import { significant } from '../core/format/significant';
import {
  LEARN_SCHEMA_VERSION,
  type IterationHeatmapRows,
  type LearnComparator,
  type LearnDetails,
  type LearnRecord,
  type LearnRecordsParams,
  type LearningRecord,
  type LearningReport,
  type LearningSeries,
  type RunSettings,
  type TuneMethod,
} from '../protocol';
import { learnResultPath } from '../node/resultPaths';

/** Where a run that stopped without an answer is kept: beside the complete result, never over it. */
export function partialResultPath(sourcePath: string, learner: string, folders: readonly string[]): string {
  return learnResultPath(sourcePath, learner, folders).replace(/\.json$/, '.partial.json');
}

/** What the live view needs from the report panel (ReportPanel implements it). */
export interface LiveSink {
  appendRecords(
    series: string | { name: string; role?: 'learner' | 'comparator'; contextual?: boolean; hindsight?: string },
    records: readonly LearningRecord[],
  ): void;
  appendHeatmapRows(rows: IterationHeatmapRows): void;
  progress(message: string, fraction?: number): void;
}

/** Label the panel shows next to comparators that know the whole run in advance. */
export const HINDSIGHT_LABEL = 'hindsight';

function sums(records: readonly LearningRecord[]): { iterations: number; extraSweeps: number; unconverged: number } {
  let iterations = 0;
  let extraSweeps = 0;
  let unconverged = 0;
  for (const r of records) {
    iterations += r.iterations;
    extraSweeps += r.extraSweeps;
    if (!r.converged) unconverged++;
  }
  return { iterations, extraSweeps, unconverged };
}

/**
 * The records of one streamed run, in arrival order per series. A batch names its series'
 * role the first time; later batches only append.
 */
export class LearnStream {
  readonly series: LearningSeries[] = [];
  private readonly byName = new Map<string, LearningSeries>();
  heatmap: { omegas: number[]; instances: number[]; iterations: number[] } | undefined;
  done = 0;
  instances: number;
  ended = false;
  /** The learner's iterations plus extra sweeps so far, kept as records arrive (no re-summing per batch). */
  learnerCost = 0;

  constructor(
    readonly streamId: string,
    instances = 0,
  ) {
    this.instances = instances;
  }

  /** Takes one notification; ignores those of other runs. Returns whether it belonged to this run. */
  accept(p: LearnRecordsParams, sink?: LiveSink): boolean {
    if (p.streamId !== this.streamId) return false;
    this.done = Math.max(this.done, p.done);
    this.instances = p.instances;
    for (const b of p.batches) {
      let s = this.byName.get(b.series);
      const first = !s;
      if (!s) {
        s = {
          name: b.series,
          role: b.role ?? 'comparator',
          contextual: b.contextual ?? false,
          ...(b.hindsight ? { hindsight: b.hindsight } : {}),
          records: [],
        };
        this.byName.set(b.series, s);
        this.series.push(s);
      }
      s.records.push(...b.records);
      if (s.role === 'learner' && s === this.learner())
        for (const r of b.records) this.learnerCost += r.iterations + r.extraSweeps;
      sink?.appendRecords(
        first
          ? { name: s.name, role: s.role, contextual: s.contextual, ...(s.hindsight ? { hindsight: s.hindsight } : {}) }
          : s.name,
        b.records,
      );
    }
    const rows = p.heatmapRows;
    if (rows) {
      if (!this.heatmap) this.heatmap = { omegas: rows.omegas.slice(), instances: [], iterations: [] };
      this.heatmap.instances.push(...rows.instances);
      for (const v of rows.iterations) this.heatmap.iterations.push(v ?? 0);
      sink?.appendHeatmapRows(rows);
    }
    if (p.final) this.ended = true;
    sink?.progress(progressText(this), this.instances > 0 ? this.done / this.instances : undefined);
    return true;
  }

  /** The learner's series (the first with role `learner`). */
  learner(): LearningSeries | undefined {
    return this.series.find((s) => s.role === 'learner');
  }
}

/** `120 of 200 instances, 14302 iterations so far` for the learner. */
export function progressText(s: LearnStream): string {
  return (
    `${s.done} of ${s.instances} instances` + (s.learner() ? `, ${Math.round(s.learnerCost)} iterations so far` : '')
  );
}

/** The empty report a live run starts from. */
export function liveLearningReport(
  title: string,
  source: string,
  instances: number,
  method: TuneMethod,
): LearningReport {
  return { kind: 'learning', title, source, instances, method, series: [] };
}

/**
 * What is saved when a run stops without an answer (the server was killed): every record received,
 * marked as cancelled (partial) with the reason in `details.failed`.
 */
export function partialLearnRecord(
  s: LearnStream,
  run: {
    source: string;
    learner: string;
    method: TuneMethod;
    settings: RunSettings;
    software: { name: string; version: string };
    seconds: number;
  },
  reason: string,
  now: Date = new Date(),
): LearnRecord {
  const l = s.learner();
  const mine = l?.records ?? [];
  const totals = sums(mine);
  const comparators: LearnComparator[] = s.series
    .filter((x) => x !== l)
    .map((x) => ({
      name: x.name,
      hindsight: x.hindsight !== undefined,
      steps: x.records,
      totalIterations: sums(x.records).iterations,
      extraSweeps: sums(x.records).extraSweeps,
      unconverged: sums(x.records).unconverged,
    }));
  const details: LearnDetails = {
    comparators,
    ...(s.heatmap ? { grid: { omegas: s.heatmap.omegas, iterations: s.heatmap.iterations } } : {}),
    failed: reason,
  };
  return {
    kind: 'learn',
    schemaVersion: LEARN_SCHEMA_VERSION,
    software: run.software,
    createdAt: now.toISOString(),
    source: run.source,
    learner: l?.name ?? run.learner,
    inputs: {
      tolerance: run.settings.tolerance,
      maxIterations: run.settings.maxIterations,
      omegaRange: run.settings.omegaRange,
      seed: run.settings.seed,
      warmStart: run.settings.warmStart,
    },
    method: run.method,
    instances: s.instances,
    cancelled: true,
    steps: mine,
    totalIterations: totals.iterations,
    extraSweeps: totals.extraSweeps,
    unconverged: totals.unconverged,
    details,
    seconds: run.seconds,
  };
}

/** How a finished or saved run ends in the panel: cancelled runs say where they stopped. */
export function learnRunStatus(rec: LearnRecord): { status: 'completed' | 'cancelled'; message?: string } {
  if (!rec.cancelled) return { status: 'completed' };
  return { status: 'cancelled', ...(rec.message ? { message: rec.message } : {}) };
}

const fmt = (x: number): string => significant(x);

/**
 * The complete learning report of a finished (or saved partial) run: the learner, every comparator
 * (hindsight ones labelled), the totals with extra sweeps, the grid heat map and hindsight notes.
 */
export function learningReportOf(rec: LearnRecord, title: string, source: string): LearningReport {
  const details = rec.details;
  const comparators = details?.comparators ?? [];
  const contextual = rec.steps.some((s) => s.context !== undefined);
  const series: LearningSeries[] = [
    { name: rec.learner, role: 'learner', contextual, records: rec.steps },
    ...comparators.map((c): LearningSeries => ({
      name: c.name,
      role: 'comparator',
      contextual: false,
      ...(c.hindsight ? { hindsight: HINDSIGHT_LABEL } : {}),
      records: c.steps,
    })),
  ];
  const totals = [
    {
      name: rec.learner,
      instances: rec.steps.length,
      iterations: rec.totalIterations,
      extraSweeps: rec.extraSweeps,
      unconverged: rec.unconverged,
    },
    ...comparators.map((c) => ({
      name: c.name,
      instances: c.steps.length,
      iterations: c.totalIterations,
      extraSweeps: c.extraSweeps,
      unconverged: c.unconverged,
    })),
  ];
  const grid = details?.grid;
  const rows = grid && grid.omegas.length > 0 ? Math.floor(grid.iterations.length / grid.omegas.length) : 0;
  const notes = comparators
    .filter((c) => c.hindsight)
    .map(
      (c) =>
        `${c.name}${c.omega !== undefined ? ` ω = ${fmt(c.omega)}` : ''}: ${c.totalIterations + c.extraSweeps} iterations (known only in hindsight)`,
    );
  for (const k of details?.skipped ?? []) notes.push(`${k.name}: ${k.reason}`);
  if (details?.failed) notes.unshift(`partial run: ${details.failed}`);
  return {
    kind: 'learning',
    title,
    source,
    instances: rec.instances,
    method: rec.method,
    series,
    totals,
    ...(grid && rows > 0
      ? {
          heatmap: {
            omegas: grid.omegas,
            instances: Array.from({ length: rows }, (_, i) => i),
            iterations: grid.iterations.slice(0, rows * grid.omegas.length),
            maxIterations: rec.inputs.maxIterations,
          },
        }
      : {}),
    ...(notes.length > 0 ? { hindsight: notes } : {}),
  };
}
