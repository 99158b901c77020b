import { quoteLine } from './header';
import { latin1 } from './numberScan';
import { failAt, type MmHeader } from './types';

/** One entry as the slow path read it (1-based indices); reused, never allocated per line. */
export const slowEntry = { row: 0, col: 0, re: 0, im: 0 };

/** Where a data line sits, for messages. */
export interface LineContext {
  file: string;
  header: MmHeader;
  line: number;
  /** The line is the file's last and has no line break: a count mismatch then suggests truncation. */
  unterminated: boolean;
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INTEGER = /^[+-]?[0-9]+$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

function columnNames(h: MmHeader): string[] {
  const values = h.field === 'pattern' ? [] : h.field === 'complex' ? ['real', 'imaginary'] : ['value'];
  return h.format === 'coordinate' ? ['row', 'column', ...values] : values;
}

function tokens(buf: Buffer, start: number, end: number): string[] {
  const text = latin1(buf, start, end).trim();
  return text === '' ? [] : text.split(/[ \t\r]+/);
}

/**
 * Reads one data line [start, end) (end = its line break) the careful way: fills `slowEntry` or
 * throws the MatrixMarketError that says what is wrong. Called only when the fast path gave up.
 */
export function diagnoseLine(ctx: LineContext, buf: Buffer, start: number, end: number): void {
  const h = ctx.header;
  const names = columnNames(h);
  const words = tokens(buf, start, end);
  if (words.length !== names.length) {
    const hint = ctx.unterminated ? ' (the file ends in the middle of this line: truncated?)' : '';
    const what = names.length === 1 ? '1 value per line' : `${names.length} values per line (${names.join(' ')})`;
    failAt(ctx.file, ctx.line, `expected ${what}, found ${words.length}: ${quoteLine(words.join(' '))}${hint}`);
  }
  let i = 0;
  if (h.format === 'coordinate') {
    slowEntry.row = index(ctx, words[i++], 'row', h.rows);
    slowEntry.col = index(ctx, words[i++], 'column', h.cols);
  }
  slowEntry.re = h.field === 'pattern' ? 1 : value(ctx, words[i++], h.field === 'complex' ? 'real part' : 'value');
  slowEntry.im = h.field === 'complex' ? value(ctx, words[i++], 'imaginary part') : 0;
}

function index(ctx: LineContext, word: string, what: 'row' | 'column', declared: number): number {
  if (!/^[0-9]+$/.test(word)) failAt(ctx.file, ctx.line, `${what} index ${quoteLine(word)} is not a positive integer`);
  const n = Number(word);
  if (n === 0) failAt(ctx.file, ctx.line, `${what} index 0 is invalid: Matrix Market indices start at 1`);
  if (n > declared) {
    const unit = what === 'row' ? 'rows' : 'columns';
    failAt(
      ctx.file,
      ctx.line,
      `${what} index ${word} exceeds the ${declared} ${unit} declared on line ${ctx.header.sizeLine}`,
    );
  }
  return n;
}

function value(ctx: LineContext, word: string, what: string): number {
  if (NON_FINITE.test(word)) failAt(ctx.file, ctx.line, `${what} ${quoteLine(word)} is not a finite number`);
  const integerField = ctx.header.field === 'integer';
  if (integerField && !INTEGER.test(word)) {
    const kind = DECIMAL.test(word) ? 'is not an integer (the banner declares the integer field)' : 'is not a number';
    failAt(ctx.file, ctx.line, `${what} ${quoteLine(word)} ${kind}`);
  }
  if (!DECIMAL.test(word)) failAt(ctx.file, ctx.line, `${what} ${quoteLine(word)} is not a number`);
  const v = parseFloat(word);
  if (!Number.isFinite(v))
    failAt(ctx.file, ctx.line, `${what} ${quoteLine(word)} is out of range (not a finite double)`);
  return v;
}
