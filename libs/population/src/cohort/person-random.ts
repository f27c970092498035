/**
 * Per-person random streams. Person i's numbers depend only on (job seed, i, stream), never on which shard,
 * worker or arm draws them: that is what makes a shard reproducible anywhere, and what gives every arm the same
 * numbers for the same person (common random numbers, Glasserman & Yao, Management Science 1992;38:884).
 * Seeds are mixed with the 32-bit finaliser of MurmurHash3 (Appleby, public domain), the generator is
 * mulberry32 from @shuji/models.
 */
import { mulberry32, standardNormal } from '@shuji/models';

/** Independent streams of one person: who they are, and what happens to them (meals, measurement noise). */
export enum PersonStream {
  Attributes = 1,
  Life = 2,
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function personSeed(seed: number, person: number, stream: PersonStream): number {
  return fmix32(fmix32(fmix32(seed >>> 0) ^ person) ^ Math.imul(stream, 0x9e3779b9));
}

export interface RandomStream {
  /** Uniform on [0, 1). */
  readonly uniform: () => number;
  /** Standard normal. */
  readonly normal: () => number;
}

export function personStream(seed: number, person: number, stream: PersonStream): RandomStream {
  const uniform = mulberry32(personSeed(seed, person, stream));
  return { uniform, normal: standardNormal(uniform) };
}
