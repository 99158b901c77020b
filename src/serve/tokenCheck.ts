import { createHash, timingSafeEqual } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Constant-time token comparison: both sides are hashed first so neither the content nor the
 * length of the secret leaks through timing.
 */
export function tokensEqual(given: string, secret: string): boolean {
  return timingSafeEqual(digest(given), digest(secret));
}
