/**
 * FNV-1a, 32 bits (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/): a stable hash of a string's UTF-16
 * code units. Seeds keyed randomness (seededRandom), splits persons (the FM corpus) and picks partitions (the bus).
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
