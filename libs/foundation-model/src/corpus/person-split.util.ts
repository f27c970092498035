/** Split by person, never by time window: a stable FNV-1a hash of the id puts 10 % in test, 10 % in validation. */
import type { CorpusSplit } from './observation-codes';

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function splitOfPerson(id: string): Exclude<CorpusSplit, 'ood'> {
  const bucket = fnv1a(id) % 10;
  return bucket === 0 ? 'test' : bucket === 1 ? 'validation' : 'train';
}
