/**
 * Deterministic randomness keyed by (patient, event): the ensemble's perturbations at an event depend only on
 * who and which event, never on arrival order or process, so a twin rebuilt from its log is bit-identical.
 * Hash: FNV-1a 32-bit (Fowler, Noll, Vo); generator: mulberry32 from @shuji/models; normals by Box–Muller.
 */
import { mulberry32 } from '@shuji/models';

export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface SeededRandom {
  uniform(): number;
  normal(): number;
}

/** A generator seeded by the hash of its key parts joined with '|'. */
export function seededRandom(...key: readonly (string | number)[]): SeededRandom {
  const uniform = mulberry32(fnv1a32(key.join('|')));
  let spare: number | undefined;
  return {
    uniform,
    normal(): number {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      const r = Math.sqrt(-2 * Math.log(1 - uniform()));
      const a = 2 * Math.PI * uniform();
      spare = r * Math.sin(a);
      return r * Math.cos(a);
    },
  };
}
