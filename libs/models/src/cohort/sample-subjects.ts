/**
 * Virtual subjects around a model's named ones: subject i starts from named subject i mod N and multiplies
 * each perturbable parameter by exp(σ·z), z ~ N(0, 1) (log-normal, median-preserving); derived parameters
 * are then recomputed so that the spec's initial state is a steady state again.
 */
import type { ModelRegistration, Subject } from '../simulate/model-registration';

export interface SampleOptions {
  readonly count: number;
  /** Seed of the deterministic generator (default 1). */
  readonly seed?: number;
  /** σ of log-parameters (default 0.1, i.e. about ±10 %). */
  readonly logSd?: number;
}

/** A named subject carrying the name of the subject it was sampled around. */
export interface VirtualSubject extends Subject {
  readonly baseSubject: string;
}

/** Uniform [0, 1) from mulberry32 (Tommy Ettinger's public-domain generator): small, fast, reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
export function standardNormal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function sampleVirtualSubjects(registration: ModelRegistration, options: SampleOptions): VirtualSubject[] {
  const named = registration.subjects ?? [];
  const sampling = registration.cohort;
  if (named.length === 0 || sampling === undefined) {
    throw new RangeError(`model "${registration.spec.id}" registers no subjects or no cohort sampling`);
  }
  if (!Number.isInteger(options.count) || options.count < 0) throw new RangeError('count: must be a non-negative integer');
  const logSd = options.logSd ?? 0.1;
  const z = standardNormal(mulberry32(options.seed ?? 1));
  return Array.from({ length: options.count }, (_, i) => {
    const base = named[i % named.length];
    const parameters: Record<string, number> = { ...base.parameters };
    for (const name of sampling.perturbable) {
      if (parameters[name] === undefined) throw new RangeError(`cohort.perturbable: no parameter "${name}"`);
      parameters[name] *= Math.exp(logSd * z());
    }
    Object.assign(parameters, sampling.deriveSteadyState?.(parameters) ?? {});
    return { name: `virtual#${String(i + 1).padStart(6, '0')}`, baseSubject: base.name, parameters };
  });
}
