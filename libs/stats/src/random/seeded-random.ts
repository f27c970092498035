import { fnv1a32 } from './fnv1a32';
import { mulberry32 } from './mulberry32';
import { standardNormal } from './standard-normal';

export interface SeededRandom {
  uniform(): number;
  normal(): number;
}

/**
 * Randomness keyed by its parts (e.g. person and event), seeded by the FNV-1a hash of the parts joined with '|': the
 * draws depend only on the key, never on arrival order or process, so a twin rebuilt from its log is bit-identical.
 * Normals by Box–Muller in pairs (cosine, then the sine spare), so one pair costs two uniforms.
 */
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

/** A stream seeded by a number: mulberry32 uniforms and cosine-branch Box–Muller normals (standardNormal). */
export function randomStream(seed: number): SeededRandom {
  const uniform = mulberry32(seed);
  return { uniform, normal: standardNormal(uniform) };
}
