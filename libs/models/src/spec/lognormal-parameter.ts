import type { ParameterSpec } from './model-spec';

/**
 * A parameter whose prior is log-normal with its default as the median (logMean = ln default) and `logSd` the SD of
 * its logarithm: the form of every personal parameter's prior, written once instead of repeating ln(default).
 */
export function lognormalParameter(parameter: Omit<ParameterSpec, 'prior'>, logSd: number): ParameterSpec {
  const { description, ...rest } = parameter;
  // keys in the order a hand-written spec has them (name, unit, default, range, prior, description)
  return { ...rest, prior: { kind: 'lognormal', logMean: Math.log(parameter.default), logSd }, ...(description === undefined ? {} : { description }) };
}
