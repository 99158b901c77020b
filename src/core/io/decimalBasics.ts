/** Constants and the cold-path string helper shared by the decimal scanners. */

/** 2^53: every non-negative integer below it is an exact double. */
export const MAX_EXACT = 9007199254740992;
/** Powers of ten that are exact doubles. */
export const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
  1e21, 1e22,
];

/** The bytes in [start, end) as a Latin-1 string (one char per byte), for parseFloat and messages. */
export function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as Latin1Sliceable).latin1Slice(start, end);
}

/** Node's undocumented but stable Buffer method behind toString('latin1'), without its argument checks. */
interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}
