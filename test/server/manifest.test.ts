import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../src/core/sequences/spec';
import { Commands } from '../../src/protocol';
import { ROOT } from './lspClient';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    jsonValidation: { fileMatch: string; url: string }[];
  };
};
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'relax-spec.schema.json'), 'utf8')) as object;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const samples = readdirSync(path.join(ROOT, 'samples')).filter((f) => f.endsWith('.relax.json'));

describe('extension manifest', () => {
  it('declares exactly the commands the protocol module names', () => {
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual(Object.values(Commands).sort());
  });

  it('activates lazily: on a Matrix Market file or the report panel, never on startup or workspace contents', () => {
    expect(manifest.activationEvents.sort()).toEqual(['onLanguage:matrix-market', 'onWebviewPanel:relax.report']);
  });

  it('contributes every relax.* setting the client reads', () => {
    const source = readFileSync(path.join(ROOT, 'src', 'client', 'settings.ts'), 'utf8');
    const read = [...source.matchAll(/get<[^>]+>\('([A-Za-z]+)'/g)].map((m) => `relax.${m[1]}`);
    expect(read.length).toBeGreaterThanOrEqual(12);
    for (const key of read) expect(Object.keys(manifest.contributes.configuration.properties)).toContain(key);
  });
});

describe('sequence spec JSON schema', () => {
  it('accepts every bundled sample spec', () => {
    expect(samples.length).toBeGreaterThan(0);
    for (const file of samples) {
      const spec: unknown = JSON.parse(readFileSync(path.join(ROOT, 'samples', file), 'utf8'));
      expect({ file, ok: validate(spec), errors: validate.errors }).toMatchObject({ ok: true });
    }
  });

  // Each mutation is rejected by both the schema (editor squiggles) and the core validator (the run).
  const base = {
    kind: 'diagonal-shift',
    matrix: { laplacian2d: 10 },
    instances: 10,
    solver: 'sor',
    omegaGrid: { min: 1, max: 1.95, points: 20 },
  };
  const bad: [string, object][] = [
    ['unknown kind', { ...base, kind: 'shifted' }],
    ['unknown field', { ...base, shfit: { low: 0 } }],
    ['field of another kind', { ...base, nx: 10 }],
    ['tolerance out of range', { ...base, tolerance: 2 }],
    ['omega outside (0, 2)', { ...base, omegaGrid: { min: 1, max: 2.5, points: 20 } }],
    ['grid points not an integer', { ...base, omegaGrid: { min: 1, max: 1.9, points: 2.5 } }],
    ['solver unknown', { ...base, solver: 'jacobi' }],
    ['files kind without files', { kind: 'files' }],
    ['matrix with both sources', { ...base, matrix: { laplacian2d: 10, file: 'a.mtx' } }],
  ];
  it.each(bad)('rejects %s, as the core validator does', (_name, spec) => {
    expect(validate(spec)).toBe(false);
    expect(validateSpec(spec, 'x.relax.json', ROOT).issues.length).toBeGreaterThan(0);
  });

  it('is the schema contributed for *.relax.json', () => {
    expect(manifest.contributes.jsonValidation).toEqual([
      { fileMatch: '*.relax.json', url: './schemas/relax-spec.schema.json' },
    ]);
  });
});
