/**
 * A deliberately naive Matrix Market reader for valid files (strings, split, parseFloat, a Map):
 * the independent reference the tests compare the byte-level parser against.
 */
export interface ReferenceMatrix {
  rows: number;
  cols: number;
  /** key `${i},${j}` (0-based) -> [re, im], both triangles, duplicates summed. */
  entries: Map<string, [number, number]>;
}

export function referenceRead(text: string): ReferenceMatrix {
  const lines = text.split('\n');
  const [, , format, field, symmetry] = lines[0].trim().toLowerCase().split(/\s+/);
  let i = 1;
  while (lines[i].trim() === '' || lines[i].trim().startsWith('%')) i++;
  const size = lines[i++].trim().split(/\s+/).map(Number);
  const [rows, cols] = size;
  const entries = new Map<string, [number, number]>();
  const add = (r: number, c: number, re: number, im: number): void => {
    const key = `${r},${c}`;
    const old = entries.get(key);
    entries.set(key, old === undefined ? [re, im] : [old[0] + re, old[1] + im]);
  };
  const ensure = (r: number, c: number): void => {
    if (!entries.has(`${r},${c}`)) entries.set(`${r},${c}`, [0, 0]);
  };
  const put = (r: number, c: number, re: number, im: number): void => {
    add(r, c, re, im);
    if (r === c || symmetry === 'general') return;
    if (symmetry === 'symmetric') add(c, r, re, im);
    if (symmetry === 'skew-symmetric') add(c, r, -re, -im);
    if (symmetry === 'hermitian') add(c, r, re, -im);
  };
  const data: string[][] = [];
  for (; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('%')) continue;
    data.push(t.split(/\s+/));
  }
  if (format === 'coordinate') {
    for (const w of data) {
      const r = Number(w[0]) - 1;
      const c = Number(w[1]) - 1;
      const re = field === 'pattern' ? 1 : parseFloat(w[2]);
      const im = field === 'complex' ? parseFloat(w[3]) : 0;
      if (symmetry !== 'general' && r < c)
        put(c, r, symmetry === 'skew-symmetric' ? -re : re, symmetry === 'symmetric' ? im : -im);
      else put(r, c, re, im);
    }
  } else {
    let k = 0;
    for (let c = 0; c < cols; c++) {
      const first = symmetry === 'general' ? 0 : symmetry === 'skew-symmetric' ? c + 1 : c;
      for (let r = first; r < rows; r++) {
        const w = data[k++];
        put(r, c, parseFloat(w[0]), field === 'complex' ? parseFloat(w[1]) : 0);
      }
      if (symmetry === 'skew-symmetric') ensure(c, c);
    }
    if (symmetry === 'general' || symmetry === 'skew-symmetric') {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) ensure(r, c);
    }
  }
  return { rows, cols, entries };
}
