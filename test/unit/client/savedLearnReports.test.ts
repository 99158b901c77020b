import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { learnRecordFrom, readLearnRecord, savedLearnReports } from '../../../src/client/savedLearnReports';
import { learningReportOf } from '../../../src/client/liveLearning';

const V1_FIXTURE = path.join(__dirname, '../../fixtures/saved/v1.relax.json.learn-auto.json');

const ws = mkdtempSync(path.join(tmpdir(), 'relax-saved-'));
afterAll(() => rmSync(ws, { recursive: true, force: true }));

const record = (learner: string, createdAt: string) => ({
  kind: 'learn',
  schemaVersion: 1,
  learner,
  source: path.join(ws, 'seq.relax.json'),
  steps: [],
  createdAt,
});

describe('savedLearnReports', () => {
  it('finds the finished and partial runs of one sequence under .relax/, newest first, skipping foreign files', async () => {
    mkdirSync(path.join(ws, '.relax'));
    writeFileSync(path.join(ws, 'seq.relax.json'), '{}');
    writeFileSync(
      path.join(ws, '.relax', 'seq.relax.json.learn-auto.json'),
      JSON.stringify(record('auto', '2026-12-01T10:00:00Z')),
    );
    writeFileSync(
      path.join(ws, '.relax', 'seq.relax.json.learn-chebcb.partial.json'),
      JSON.stringify(record('chebcb', '2026-12-02T10:00:00Z')),
    );
    writeFileSync(path.join(ws, '.relax', 'seq.relax.json.learn-broken.json'), '{ not json');
    writeFileSync(
      path.join(ws, '.relax', 'other.relax.json.learn-auto.json'),
      JSON.stringify(record('auto', '2026-12-03T10:00:00Z')),
    );
    const found = await savedLearnReports(path.join(ws, 'seq.relax.json'), [ws]);
    expect(found.map((f) => [path.basename(f.file), f.record.learner])).toEqual([
      ['seq.relax.json.learn-chebcb.partial.json', 'chebcb'],
      ['seq.relax.json.learn-auto.json', 'auto'],
    ]);
  });
  it('returns nothing when no run was saved', async () => {
    expect(await savedLearnReports(path.join(ws, 'none.relax.json'), [ws])).toEqual([]);
  });
  it('reads a run saved by version 1 (records keyed index) as the current shape, comparators included', async () => {
    const file = path.join(ws, 'v1.learn-auto.json');
    copyFileSync(V1_FIXTURE, file);
    const rec = await readLearnRecord(file);
    expect(rec?.schemaVersion).toBe(2);
    expect(rec?.steps).toEqual([
      { t: 0, context: 0.2, omega: 1.4, iterations: 40, converged: true, extraSweeps: 3 },
      { t: 1, context: 0.3, omega: 1.6, iterations: 500, converged: false, extraSweeps: 0 },
      { t: 2, context: 0.4, omega: 1.55, iterations: 37, converged: true, extraSweeps: 0 },
    ]);
    expect(rec?.details?.comparators.map((c) => [c.name, c.steps.map((s) => s.t)])).toEqual([
      ['young', [0, 1, 2]],
      ['cg', [0, 1, 2]],
    ]);
    expect(rec?.details?.grid?.iterations).toHaveLength(9);
    // The panel shows it as it shows a new run: every series, indexed by instance.
    const report = learningReportOf(rec!, 'T', 'file:///w/v1.relax.json');
    expect(report.series.map((s) => [s.name, s.records.map((r) => r.t)])).toEqual([
      ['auto', [0, 1, 2]],
      ['young', [0, 1, 2]],
      ['cg', [0, 1, 2]],
    ]);
    expect(report.heatmap?.instances).toEqual([0, 1, 2]);
  });
  it('keeps a current (version 2) record as it is, and refuses unknown versions and broken records', () => {
    const v1 = JSON.parse(readFileSync(V1_FIXTURE, 'utf8')) as Record<string, unknown>;
    const v2 = learnRecordFrom(v1)!;
    expect(learnRecordFrom(JSON.parse(JSON.stringify(v2)))).toEqual(v2);
    expect(learnRecordFrom({ ...v1, schemaVersion: 3 })).toBeUndefined();
    expect(
      learnRecordFrom({ ...v1, steps: [{ index: 0, omega: 'x', iterations: 1, converged: true }] }),
    ).toBeUndefined();
  });
});
