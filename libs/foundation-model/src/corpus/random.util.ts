/** Seeded uniform and normal generators (mulberry32 from the models lib; Box–Muller for normals). */
import { mulberry32 } from '@shuji/models';

export interface Rng {
  readonly uniform: () => number;
  readonly normal: () => number;
}

export function createRng(seed: number): Rng {
  const uniform = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}
