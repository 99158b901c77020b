import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from '../../../src/node/jsonDepth';
import { LineSplitter, type LineEvent } from '../../../src/serve/lineSplitter';
import { resolveStateFile } from '../../../src/serve/stateName';
import { firstDifference } from '../../../src/node/serveSnapshotShape';

describe('jsonDepthExceeds', () => {
  it('counts arrays and objects, not brackets inside strings or after escaped quotes', () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds(`{"tag":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(jsonDepthExceeds(`{"tag":"\\"${'{'.repeat(10)}"}`, 1)).toBe(false);
    expect(jsonDepthExceeds(`{"tag":"\\\\",${'['.repeat(3)}1]]]}`, 3)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(1_000_000), 32)).toBe(true);
  });
});

function feed(splitter: LineSplitter, chunks: string[]): LineEvent[] {
  return chunks.flatMap((c) => splitter.push(Buffer.from(c)));
}

describe('LineSplitter', () => {
  it('joins lines across chunks, strips CRLF, and keeps multi-byte characters split between chunks', () => {
    const euro = Buffer.from('€');
    const s = new LineSplitter(100);
    const events = [
      ...feed(s, ['{"a":', '1}\r\n{"b"']),
      ...s.push(euro.subarray(0, 1)),
      ...s.push(Buffer.concat([euro.subarray(1), Buffer.from(':2}\n')])),
    ];
    expect(events).toEqual([
      { kind: 'line', text: '{"a":1}' },
      { kind: 'line', text: '{"b"€:2}' },
    ]);
    expect(s.pendingBytes()).toBe(0);
  });

  it('refuses a line past the limit once, holds none of it, and resynchronises at the next newline', () => {
    const s = new LineSplitter(10);
    expect(feed(s, ['12345', '678901', 'xxxxxxxxxxxxxxxx'])).toEqual([{ kind: 'overlong', bytes: 11 }]);
    expect(s.pendingBytes()).toBe(0);
    expect(feed(s, ['yyyy\nok\n'])).toEqual([{ kind: 'line', text: 'ok' }]);
    expect(feed(s, ['01234567890\nfine\n'])).toEqual([
      { kind: 'overlong', bytes: 11 },
      { kind: 'line', text: 'fine' },
    ]);
    expect(feed(s, ['0123456789\n'])).toEqual([{ kind: 'line', text: '0123456789' }]);
  });

  it('hands over a last line without its newline at the end of input', () => {
    const s = new LineSplitter(10);
    expect(feed(s, ['a\nb'])).toEqual([{ kind: 'line', text: 'a' }]);
    expect(s.finish()).toBe('b');
    expect(s.finish()).toBeNull();
  });
});

describe('resolveStateFile', () => {
  it('keeps TCP state files inside the directory and allows paths on stdio', () => {
    expect(resolveStateFile('run.json', '/srv/state', true)).toBe('/srv/state/run.json');
    for (const bad of ['/etc/passwd', '../x', 'a/b', 'a\\b', '.', '..', '.hidden', 'a\u0000b', 'x'.repeat(201)]) {
      expect(() => resolveStateFile(bad, '/srv/state', true), bad).toThrow(/stateFile/);
    }
    expect(resolveStateFile('../x.json', '/srv/state', false)).toBe('/srv/x.json');
  });
});

describe('firstDifference', () => {
  it('names the first differing path, depth first in key order', () => {
    expect(firstDifference({ a: [1, 2, { b: 3 }], c: 1 }, { a: [1, 2, { b: 3 }], c: 1 }, 's')).toBeNull();
    expect(firstDifference({ a: [1, 2, { b: 3 }], c: 1 }, { a: [1, 2, { b: 4 }], c: 2 }, 's')).toBe('s.a[2].b');
    expect(firstDifference({ a: 'x' }, { a: [] }, 's')).toBe('s.a');
    expect(firstDifference({ a: 1 }, { a: 1, z: 0 }, 's')).toBe('s.z');
  });
});
