import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, DEFAULTS, SETTING_DEFAULTS } from '../../../src/core/defaults';
import { DEFAULT_RUN_SETTINGS, limitsFrom } from '../../../src/server/settings';

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as Manifest;

describe('one set of defaults', () => {
  it('package.json declares exactly the settings core/defaults.ts knows, with the same defaults', () => {
    const declared = Object.fromEntries(
      Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k, v.default]),
    );
    expect(declared).toEqual(SETTING_DEFAULTS);
  });

  it('the server falls back to them', () => {
    expect(limitsFrom(undefined)).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_RUN_SETTINGS).toEqual({
      tolerance: 1e-8,
      maxIterations: 10000,
      omegaRange: [1, 1.99],
      gridPoints: 20,
      rhs: { kind: 'ones' },
      seed: 0,
      warmStart: false,
    });
    expect(DEFAULTS.seed).toBe(0);
    expect(DEFAULTS.gridPoints).toBe(20);
  });
});
