/**
 * The 32-bit finaliser of MurmurHash3 (Austin Appleby, public domain): mixes every input bit into every output bit,
 * so seeds that differ in one bit (person 7 and 8, stream 1 and 2) start unrelated streams.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
