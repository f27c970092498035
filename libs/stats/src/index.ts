export { fnv1a32 } from './random/fnv1a32';
export { fmix32 } from './random/fmix32';
export { mulberry32 } from './random/mulberry32';
export { standardNormal } from './random/standard-normal';
export { randomStream, seededRandom, type SeededRandom } from './random/seeded-random';
export { quantile, quantileOfSorted } from './quantile';
export { logGamma, regularizedIncompleteBeta, studentTCdf } from './inference/student-t';
export { dieboldMariano, normalCdf, type DieboldMarianoOptions, type DieboldMarianoResult } from './inference/diebold-mariano';
export { blockBootstrap, rmseRatio, type BlockBootstrapOptions, type BootstrapInterval, type PairedSquaredErrors } from './inference/block-bootstrap';
