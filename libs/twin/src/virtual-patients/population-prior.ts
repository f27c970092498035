/**
 * A realistic starting prior for a new person's T1D twin (issue 14): the age group's population, never the subject
 * the person was drawn around. Every parameter is the geometric mean over the group's TUNING subjects
 * (subject-split.ts) with the derived steady-state parameters recomputed (the registration's deriveSteadyState);
 * the estimated parameters and the consider parameters get the log-space SD of those subjects (the real spread
 * between people, 0.1–1.0 in ln units, instead of the 0.1 of DEFAULT_ESTIMATED), widened by the virtual persons' own
 * draw around their base subject (`personLogSd`, 0.1), so the prior claims the marginal spread of the people it meets.
 */
import { getModelRegistration, uvaPadovaSubjects } from '@shuji/models';
import { DEFAULT_CONSIDERED, DEFAULT_ESTIMATED, type ConsideredParameter, type EstimatedParameter } from '../composition/t1d-parameters';
import { ageGroupOf, subjectsOf, type AgeGroup } from './subject-split';

export interface PopulationPrior {
  readonly group: AgeGroup;
  /** Every S2008 parameter at its population value. */
  readonly prior: Readonly<Record<string, number>>;
  readonly estimated: readonly EstimatedParameter[];
  readonly considered: readonly ConsideredParameter[];
  /** The subjects it was computed from (the group's tuning subjects). */
  readonly subjects: readonly string[];
  /** SD of log value of any positive parameter over those subjects, combined with `personLogSd` as the lists are. */
  readonly logSd: Readonly<Record<string, number>>;
}

export interface PopulationPriorOptions {
  /** SD of the virtual persons' log-parameter draw around their base subject (default 0.1, the generator's). */
  readonly personLogSd?: number;
}

export function populationPrior(group: AgeGroup, options: PopulationPriorOptions = {}): PopulationPrior {
  const names = new Set(subjectsOf('tuning', group));
  const members = uvaPadovaSubjects().filter((s) => names.has(s.name));
  const prior: Record<string, number> = {};
  const logSd: Record<string, number> = {};
  for (const name of Object.keys(members[0].parameters)) {
    const values = members.map((s) => s.parameters[name]);
    if (values.some((v) => !(v > 0))) {
      prior[name] = values.reduce((a, b) => a + b, 0) / values.length; // zero or negative: arithmetic mean
      continue;
    }
    const logs = values.map(Math.log);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    prior[name] = Math.exp(mean);
    logSd[name] = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1));
  }
  Object.assign(prior, getModelRegistration('uva-padova-s2008').cohort?.deriveSteadyState?.(prior) ?? {});
  const person = options.personLogSd ?? 0.1;
  const spread = (name: string): number => Math.hypot(logSd[name] ?? 0, person);
  return {
    group,
    prior,
    estimated: DEFAULT_ESTIMATED.map((e) => ({ ...e, logSd: spread(e.name) })),
    considered: DEFAULT_CONSIDERED.map((c) => ({ ...c, logSd: spread(c.name) })),
    subjects: [...names],
    logSd: Object.fromEntries(Object.keys(logSd).map((name) => [name, spread(name)])),
  };
}

/** The population prior of a person's age group, read from the name of the subject they were drawn around. */
export function populationPriorFor(baseSubject: string, options?: PopulationPriorOptions): PopulationPrior {
  return populationPrior(ageGroupOf(baseSubject), options);
}
