// The benchmarks' shared matrix: a 5-point Laplacian on an m x m grid written as Matrix Market, rows
// in natural order and columns ascending within a row (what bench/sor.c and bench/cg.c expect; the
// same matrix as src/core/sequences/laplacian2d(m)).
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';

/** Path of the m x m grid's file under outDir, written once. */
export function laplacianFile(outDir, m) {
  mkdirSync(outDir, { recursive: true });
  const path = `${outDir}/laplace${m}.mtx`;
  if (!existsSync(path)) writeLaplacian(path, m);
  return path;
}

function writeLaplacian(path, m) {
  const n = m * m;
  const count = 5 * n - 4 * m;
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  writeSync(
    fd,
    `%%MatrixMarket matrix coordinate real general\n% 2-D 5-point Laplacian ${m}x${m} (relax benchmarks)\n${n} ${n} ${count}\n`,
  );
  let text = '';
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      const i = r * m + c + 1;
      if (r > 0) text += `${i} ${i - m} -1\n`;
      if (c > 0) text += `${i} ${i - 1} -1\n`;
      text += `${i} ${i} 4\n`;
      if (c < m - 1) text += `${i} ${i + 1} -1\n`;
      if (r < m - 1) text += `${i} ${i + m} -1\n`;
      if (text.length > 1 << 22) {
        writeSync(fd, text);
        text = '';
      }
    }
  }
  writeSync(fd, text);
  closeSync(fd);
  renameSync(tmp, path);
}
