// The panel's state and the pure reducer that applies one message to it: no DOM.
import type {
  IterationHeatmap,
  IterationHeatmapRows,
  LearningReport,
  PanelInboundMessage,
  PanelOutboundMessage,
  RecordBatch,
  Report,
  RunStatus,
} from '../protocol';

/** Everything the panel needs to redraw itself; saved with setState so a reload restores it. */
export interface PanelState {
  report?: Report;
  status: RunStatus;
  progress?: { message: string; fraction?: number };
  /** Last notice or error text for the status line. */
  notice?: string;
}

export const initialState: PanelState = { status: 'idle' };

/** Applies one message; never mutates the input state. Unknown or malformed messages leave it unchanged. */
export function reduce(state: PanelState, msg: PanelInboundMessage): PanelState {
  switch (msg.type) {
    case 'report':
      return { report: msg.report, status: msg.status ?? 'completed', notice: msg.message, progress: undefined };
    case 'progress':
      return { ...state, status: 'running', progress: { message: msg.message, fraction: msg.fraction } };
    case 'records': {
      if (state.report?.kind !== 'learning') return state;
      return { ...state, status: 'running', report: appendRecords(state.report, msg.batches, msg.heatmapRows) };
    }
    case 'status':
      return {
        ...state,
        status: msg.status,
        notice: msg.message,
        progress: msg.status === 'running' ? state.progress : undefined,
      };
    case 'notice':
      return { ...state, notice: msg.message };
    default:
      return state;
  }
}

function appendRecords(
  report: LearningReport,
  batches: readonly RecordBatch[],
  heatmapRows?: IterationHeatmapRows,
): LearningReport {
  const series = report.series.slice();
  for (const b of batches) {
    const i = series.findIndex((s) => s.name === b.series);
    if (i >= 0) series[i] = { ...series[i], records: series[i].records.concat(b.records) };
    else
      series.push({
        name: b.series,
        role: b.role ?? 'comparator',
        contextual: b.contextual ?? false,
        ...(b.hindsight !== undefined ? { hindsight: b.hindsight } : {}),
        records: b.records.slice(),
      });
  }
  // Totals sent with the report describe the old records; recompute from records from now on.
  return {
    ...report,
    series,
    totals: undefined,
    heatmap: heatmapRows ? appendHeatmap(report.heatmap, heatmapRows) : report.heatmap,
  };
}

function appendHeatmap(old: IterationHeatmap | undefined, rows: IterationHeatmapRows): IterationHeatmap {
  if (!old || !sameGrid(old.omegas, rows.omegas))
    return { omegas: rows.omegas, instances: rows.instances.slice(), iterations: rows.iterations.slice() };
  return {
    ...old,
    instances: old.instances.concat(rows.instances),
    iterations: old.iterations.concat(rows.iterations),
  };
}

function sameGrid(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Narrow an unknown postMessage payload to an inbound message by its `type` tag. */
export function isInboundMessage(data: unknown): data is PanelInboundMessage {
  if (typeof data !== 'object' || data === null) return false;
  const t = (data as { type?: unknown }).type;
  return t === 'report' || t === 'progress' || t === 'records' || t === 'status' || t === 'notice';
}

/** Narrow an unknown message from the webview to an outbound command, checking the payload fields. */
export function isOutboundMessage(data: unknown): data is PanelOutboundMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'drawn':
    case 'cancel':
    case 'rerun':
    case 'copyPetsc':
      return true;
    case 'export':
      return (
        (m.format === 'png' || m.format === 'csv' || m.format === 'json') &&
        typeof m.suggestedName === 'string' &&
        typeof m.content === 'string'
      );
    default:
      return false;
  }
}
