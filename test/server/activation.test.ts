import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, stableCopy } from './lspClient';
import { HANG_GUARD_MS } from '../hangGuard';

describe('dist/extension.js activation (Node, stand-in vscode module)', () => {
  it('registers every contributed command and returns without waiting for the server', () => {
    const out = execFileSync(
      process.execPath,
      [path.join(__dirname, 'activationProbe.cjs'), stableCopy('extension.js')],
      { encoding: 'utf8', timeout: HANG_GUARD_MS },
    );
    const probe = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      registered: string[];
      subscriptions: number;
      requireMs: number;
      activateMs: number;
      error?: string;
    };
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    expect(probe.error).toBeUndefined();
    expect([...probe.registered].sort()).toEqual(manifest.contributes.commands.map((c) => c.command).sort());
    // Output channel, one per contributed command, status bar item, the *.relax.json lens provider, panel serializer.
    expect(probe.subscriptions).toBe(manifest.contributes.commands.length + 4);
    console.log(
      `extension.js: require ${probe.requireMs.toFixed(0)} ms, activate() ${probe.activateMs.toFixed(0)} ms (stand-in vscode)`,
    );
  });
});
