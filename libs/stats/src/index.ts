export { fnv1a32 } from './random/fnv1a32';
export { fmix32 } from './random/fmix32';
export { mulberry32 } from './random/mulberry32';
export { standardNormal } from './random/standard-normal';
export { randomStream, seededRandom, type SeededRandom } from './random/seeded-random';
export { quantile, quantileOfSorted } from './quantile';
