import { gzipSync } from 'node:zlib';

/** One gzip member of `mb` MiB of newlines: about 1000:1, the best deflate does. */
function newlineMember(mb: number): Buffer {
  return gzipSync(Buffer.alloc(mb * 1048576, 10), { level: 9 });
}

/**
 * A gzip bomb: a valid Matrix Market header declaring a 3 x 3 matrix with 3 entries, then
 * `totalMB` MiB of blank lines, as concatenated gzip members (a valid .gz that gunzip reads whole).
 * 2560 MiB compress to about 2.5 MB.
 */
export function gzipBomb(totalMB = 2560): Buffer {
  const head = gzipSync('%%MatrixMarket matrix coordinate real general\n3 3 3\n');
  const piece = 64;
  const member = newlineMember(piece);
  const parts: Buffer[] = [head];
  for (let done = 0; done < totalMB; done += piece) parts.push(member);
  return Buffer.concat(parts);
}
