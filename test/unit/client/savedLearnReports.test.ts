import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { savedLearnReports } from '../../../src/client/savedLearnReports';

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
});
