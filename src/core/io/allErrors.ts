import { parseBanner, parseSizeLine } from './header';
import { diagnoseLine, type LineContext } from './lineDiagnosis';
import { latin1 } from './numberScan';
import { MatrixMarketError, type MmDiagnostic, type MmHeader } from './types';

/** Errors listed per file; the rest are counted in one closing diagnostic. */
export const MAX_ERRORS_PER_FILE = 100;

/** Every error of a file's data lines (up to `max`), and how many more there were. */
export interface DataErrors {
  errors: MmDiagnostic[];
  /** Errors found beyond `max`. */
  more: number;
}

/**
 * Reads the banner and size line of `data`, then checks every data line the careful (slow) way, so an
 * editor can show each bad line rather than the first one only (rules the careful reader cannot see, such
 * as a skew-symmetric diagonal, stay with the fast parser's first error). Cold path: run only after the fast parser
 * failed on a data line. Returns undefined when the header itself does not parse (that error says it all).
 */
export function collectDataErrors(data: Uint8Array, file: string, max = MAX_ERRORS_PER_FILE): DataErrors | undefined {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let p = 0;
  let line = 1;
  let header: MmHeader | undefined;
  try {
    let nl = lineEnd(buf, p);
    let first = p;
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) first = 3;
    const banner = parseBanner(latin1(buf, first, nl), file, line);
    for (p = nl + 1, line++; p < buf.length && header === undefined; p = nl + 1, line++) {
      nl = lineEnd(buf, p);
      const text = latin1(buf, p, nl);
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('%')) continue;
      header = parseSizeLine(text, banner, 1, file, line);
    }
  } catch (e) {
    if (e instanceof MatrixMarketError) return undefined;
    throw e;
  }
  if (header === undefined) return undefined;
  const out: DataErrors = { errors: [], more: 0 };
  const add = (line: number, message: string) => {
    if (out.errors.length < max) out.errors.push({ file, line, severity: 'error', message });
    else out.more++;
  };
  const ctx: LineContext = { file, header, line, unterminated: false };
  let entries = 0;
  let lastLine = line - 1;
  for (; p < buf.length; line++) {
    const nl = lineEnd(buf, p);
    const text = latin1(buf, p, nl);
    const trimmed = text.trim();
    lastLine = line;
    if (trimmed !== '' && !trimmed.startsWith('%')) {
      entries++;
      if (entries === header.declaredEntries + 1) {
        add(
          line,
          `more entries than the ${header.declaredEntries} declared on line ${header.sizeLine}: expected the end of the file`,
        );
      } else if (entries <= header.declaredEntries) {
        checkLine(ctx, line, nl === buf.length, buf, p, nl, add);
      }
    }
    p = nl + 1;
  }
  if (entries < header.declaredEntries) {
    add(
      Math.max(1, lastLine),
      `the file ends after ${entries} of the ${header.declaredEntries} entries declared on line ${header.sizeLine} (truncated?)`,
    );
  }
  return out;
}

/** One data line through the careful reader, plus the symmetry rule it cannot see (skew diagonals). */
function checkLine(
  ctx: LineContext,
  line: number,
  unterminated: boolean,
  buf: Buffer,
  start: number,
  end: number,
  add: (line: number, message: string) => void,
): void {
  ctx.line = line;
  ctx.unterminated = unterminated;
  try {
    diagnoseLine(ctx, buf, start, end);
  } catch (e) {
    if (!(e instanceof MatrixMarketError)) throw e;
    add(line, e.diagnostic.message);
  }
}

function lineEnd(buf: Buffer, p: number): number {
  const nl = buf.indexOf(10, p);
  return nl < 0 ? buf.length : nl;
}

/**
 * The diagnostics of a file whose parse failed with `first`: every data-line error (up to
 * MAX_ERRORS_PER_FILE, then one "and N more"), each on its own line, `first` included; just `first`
 * when the header is what failed.
 */
export function allErrors(
  first: MmDiagnostic,
  data: Uint8Array,
  file: string,
  max = MAX_ERRORS_PER_FILE,
): MmDiagnostic[] {
  const found = collectDataErrors(data, file, max);
  if (!found || found.errors.length === 0) return [first];
  const errors = found.errors;
  let more = found.more;
  if (!errors.some((d) => d.line === first.line)) {
    // The fast parser saw a rule the careful reader does not check (e.g. a skew-symmetric diagonal).
    errors.push(first);
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > max) {
      errors.pop();
      more++;
    }
  }
  if (more > 0) {
    const last = errors[errors.length - 1];
    errors.push({
      file,
      line: last.line,
      severity: 'error',
      message: `and ${more} more error${more === 1 ? '' : 's'} after this one (only the first ${max} are listed)`,
    });
  }
  return errors;
}
