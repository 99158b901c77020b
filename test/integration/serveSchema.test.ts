import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { createLearner, restoreLearner } from '../../src/core/learn/registry';
import { KNOWN_FIELDS } from '../../src/serve/protocol';
import { ServeSession } from '../../src/serve/session';

const schema = JSON.parse(readFileSync(resolve(__dirname, '../../python/serve-protocol.schema.json'), 'utf8')) as {
  $defs: Record<string, { properties?: Record<string, unknown> }>;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(schema, 'serve');
const validRequest = ajv.getSchema('serve#/$defs/Request');
const validReply = ajv.getSchema('serve#/$defs/Reply');

describe('python/serve-protocol.schema.json', () => {
  it('compiles', () => {
    expect(validRequest).toBeTypeOf('function');
    expect(validReply).toBeTypeOf('function');
  });

  it('names exactly the fields the service accepts for each request', () => {
    for (const [type, fields] of Object.entries(KNOWN_FIELDS)) {
      const props = Object.keys(schema.$defs[type].properties ?? {}).filter((k) => k !== 'type' && k !== 'tag');
      expect(props.sort(), type).toEqual([...fields].sort());
    }
  });

  it('accepts every request and every reply of a real session, including errors', () => {
    const session = new ServeSession({ factory: { create: createLearner, restore: restoreLearner } });
    const stateFile = join(mkdtempSync(join(tmpdir(), 'relax-schema-')), 's.json');
    const requests: object[] = [
      {
        type: 'hello',
        learner: 'tsallis-inf-cb',
        seed: 'abc',
        range: [1, 1.9],
        points: 8,
        contextRange: [0, 10],
        stateFile,
        saveEvery: 2,
        tag: 1,
      },
      { type: 'predict', context: 2.5 },
      { type: 'observe', id: 1, iterations: 12, converged: true, seconds: 0.001 },
      { type: 'predict', context: 7, tag: { step: 2 } },
      { type: 'observe', id: 2, iterations: 30, converged: false },
      { type: 'summary' },
      { type: 'save' },
    ];
    for (const request of requests) {
      expect(validRequest?.(request), JSON.stringify(validRequest?.errors)).toBe(true);
      const { reply } = session.handleLine(JSON.stringify(request));
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      expect(validReply?.(reply), JSON.stringify(validReply?.errors)).toBe(true);
    }
    const bad = session.handleLine('{"type": "observe", "id": 9, "iterations": 1, "converged": true}').reply;
    expect(bad.ok).toBe(false);
    expect(validReply?.(bad)).toBe(true);
  });

  it('rejects what the service rejects', () => {
    for (const bad of [
      { type: 'hello', learner: 'tsallis-inf' },
      { type: 'hello', learner: 'x', seed: 1, grid: { min: 1, max: 1.9, points: 3 }, range: [1, 1.9] },
      { type: 'observe', id: 1, iterations: 1.5, converged: true },
      { type: 'predict', extra: 1 },
      { type: 'guess' },
    ]) {
      expect(validRequest?.(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
