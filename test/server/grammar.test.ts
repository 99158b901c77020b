import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ROOT } from './lspClient';

let grammar: textmate.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      textmate.parseRawGrammar(
        readFileSync(path.join(ROOT, 'syntaxes', 'matrix-market.tmLanguage.json'), 'utf8'),
        'matrix-market.tmLanguage.json',
      ),
  });
  const g = await registry.loadGrammar('source.matrix-market');
  if (!g) throw new Error('grammar did not load');
  grammar = g;
});

/** Tokenizes `text` as VS Code would, returning [token text, innermost scope] per non-blank token. */
function tokens(text: string): [string, string][] {
  let state = textmate.INITIAL;
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim()) out.push([s.trim(), t.scopes.at(-1) ?? '']);
    }
    state = r.ruleStack;
  }
  return out;
}

describe('Matrix Market TextMate grammar', () => {
  it('scopes the banner words, comments, size line, indices and values of a coordinate file', () => {
    const t = tokens(
      [
        '%%MatrixMarket matrix coordinate real symmetric',
        '% a comment',
        '3 3 4',
        '1 1 4.5e-1',
        '% between entries',
        '2 1 -1',
        '3 3 NaN',
      ].join('\n'),
    );
    expect(t).toEqual([
      ['%%MatrixMarket', 'keyword.control.directive.banner.matrix-market'],
      ['matrix', 'storage.type.object.matrix-market'],
      ['coordinate', 'storage.modifier.format.matrix-market'],
      ['real', 'support.type.field.matrix-market'],
      ['symmetric', 'support.type.symmetry.matrix-market'],
      ['% a comment', 'comment.line.percentage.matrix-market'],
      ['3', 'constant.numeric.integer.rows.matrix-market'],
      ['3', 'constant.numeric.integer.columns.matrix-market'],
      ['4', 'constant.numeric.integer.entries.matrix-market'],
      ['1', 'variable.other.index.row.matrix-market'],
      ['1', 'variable.other.index.column.matrix-market'],
      ['4.5e-1', 'constant.numeric.float.matrix-market'],
      ['% between entries', 'comment.line.percentage.matrix-market'],
      ['2', 'variable.other.index.row.matrix-market'],
      ['1', 'variable.other.index.column.matrix-market'],
      ['-1', 'constant.numeric.float.matrix-market'],
      ['3', 'variable.other.index.row.matrix-market'],
      ['3', 'variable.other.index.column.matrix-market'],
      ['NaN', 'constant.numeric.float.matrix-market'],
    ]);
  });

  it('reads array files as a two-number size line followed by values, and marks junk as invalid', () => {
    const t = tokens(['%%MatrixMarket matrix array real general', '2 1', '1.5', '-2', 'x7'].join('\n'));
    expect(t.slice(5)).toEqual([
      ['2', 'constant.numeric.integer.rows.matrix-market'],
      ['1', 'constant.numeric.integer.columns.matrix-market'],
      ['1.5', 'constant.numeric.float.matrix-market'],
      ['-2', 'constant.numeric.float.matrix-market'],
      ['x7', 'invalid.illegal.matrix-market'],
    ]);
  });

  it('does not take a misspelled banner for a banner', () => {
    const t = tokens('%%MatrixMarkt matrix coordinate real general');
    expect(t).toEqual([['%%MatrixMarkt matrix coordinate real general', 'comment.line.percentage.matrix-market']]);
  });
});
