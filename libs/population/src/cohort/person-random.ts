/**
 * Per-person random streams. Person i's numbers depend only on (job seed, i, stream), never on which shard,
 * worker or arm draws them: that is what makes a shard reproducible anywhere, and what gives every arm the same
 * numbers for the same person (common random numbers, Glasserman & Yao, Management Science 1992;38:884).
 * Seeds are mixed with the 32-bit finaliser of MurmurHash3 (Appleby, public domain); the stream is @shuji/stats'
 * randomStream (mulberry32 uniforms, cosine-branch Box–Muller normals).
 */
import { fmix32, randomStream, type SeededRandom } from '@shuji/stats';

/** Independent streams of one person: who they are, and what happens to them (meals, measurement noise). */
export enum PersonStream {
  Attributes = 1,
  Life = 2,
}

export function personSeed(seed: number, person: number, stream: PersonStream): number {
  return fmix32(fmix32(fmix32(seed >>> 0) ^ person) ^ Math.imul(stream, 0x9e3779b9));
}

export function personStream(seed: number, person: number, stream: PersonStream): SeededRandom {
  return randomStream(personSeed(seed, person, stream));
}
