import { describe, expect, it } from 'vitest';
import { workspaceRelative } from '../../../src/client/relativePaths';

describe('workspaceRelative', () => {
  it('writes paths inside a workspace folder relative to it, the innermost folder first', () => {
    const folders = ['/home/u/ws', '/home/u/ws/sub'];
    expect(workspaceRelative('/home/u/ws/sub/a.mtx:3: value is not a number', folders)).toBe(
      'a.mtx:3: value is not a number',
    );
    expect(workspaceRelative('cannot read /home/u/ws/data/b.mtx or /tmp/c.mtx', folders)).toBe(
      'cannot read data/b.mtx or /tmp/c.mtx',
    );
  });
  it('leaves a folder name that is only a prefix of another path alone', () => {
    expect(workspaceRelative('/home/u/ws2/a.mtx', ['/home/u/ws'])).toBe('/home/u/ws2/a.mtx');
  });
});
