import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient, type RequestType } from 'vscode-languageclient/node';
import type { JobOutcome, JobParams } from '../protocol';

/** Progress sink for callers that mirror progress elsewhere (the report panel). */
export type ProgressMirror = (message: string, fraction?: number) => void;

/**
 * Sends a long job request with a work-done token, shows its `$/progress` in a notification with a
 * Cancel button (which cancels the request), and turns a lost server into a failed outcome.
 */
export async function runJob<P extends JobParams, R>(
  client: LanguageClient,
  type: RequestType<P, JobOutcome<R>, void>,
  params: P,
  title: string,
  mirror?: ProgressMirror,
): Promise<JobOutcome<R>> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      // Unique without a counter (no module state): the server echoes it in this job's $/progress only.
      const workDoneToken = `relax-job-${process.pid}-${randomUUID()}`;
      let reported = 0;
      const sub = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const pct = value.percentage;
        const increment = pct !== undefined && pct > reported ? pct - reported : undefined;
        if (pct !== undefined) reported = Math.max(reported, pct);
        progress.report({ message: value.message, increment });
        mirror?.(value.message ?? '', pct !== undefined ? pct / 100 : undefined);
      });
      try {
        const withToken: P = { ...params, workDoneToken };
        return await client.sendRequest<JobOutcome<R>>(type.method, withToken, token);
      } catch (err) {
        if (token.isCancellationRequested) return { status: 'cancelled', message: 'cancelled' };
        const detail = err instanceof Error ? err.message : String(err);
        return { status: 'failed', message: `the Relax server did not finish the run (${detail})` };
      } finally {
        sub.dispose();
      }
    },
  );
}
