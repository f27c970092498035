/**
 * Virtual subjects around a model's named ones: subject i starts from named subject i mod N and multiplies
 * each perturbable parameter by exp(σ·z), z ~ N(0, 1) (log-normal, median-preserving); derived parameters
 * are then recomputed so that the spec's initial state is a steady state again.
 */
import type { ModelRegistration, Subject } from '../simulate/model-registration';
import { mulberry32, standardNormal } from '@shuji/stats';

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
