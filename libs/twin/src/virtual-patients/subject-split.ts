/**
 * Disjoint roles for the 30 UVA/Padova S2008 subjects (issue 14, "sealed cohorts"): in each age group (10
 * adolescents, 10 adults, 10 children) 5 subjects are for tuning (priors, calibration, baselines' training), 2 for
 * the regression cohort that CI asserts on, and 3 for the sealed cohort that only `npm run validate:sealed` reads.
 * Every virtual person of a cohort is drawn around a base subject of that cohort's role only, so no person of the
 * regression or sealed cohort shares a base subject with anything that was tuned. The split is a seeded shuffle
 * within each group, fixed once (its spec pins it): changing it unseals the sealed cohort.
 */
import { uvaPadovaSubjects } from '@shuji/models';
import { seededRandom } from '@shuji/stats';

export type SubjectRole = 'tuning' | 'regression' | 'sealed';
export type AgeGroup = 'adolescent' | 'adult' | 'child';

export const AGE_GROUPS: readonly AgeGroup[] = ['adolescent', 'adult', 'child'];
/** Subjects per role in each age group of 10. */
export const ROLE_SIZES: Readonly<Record<SubjectRole, number>> = { tuning: 5, regression: 2, sealed: 3 };

const SPLIT_KEY = 'issue-14-subject-split-v1';

export function ageGroupOf(subject: string): AgeGroup {
  const group = subject.split('#')[0];
  if (!(AGE_GROUPS as readonly string[]).includes(group)) throw new RangeError(`${subject}: not a UVA/Padova subject name`);
  return group as AgeGroup;
}

let split: ReadonlyMap<string, SubjectRole> | undefined;

/** The role of every shared subject, by name. */
export function subjectRoles(): ReadonlyMap<string, SubjectRole> {
  if (split !== undefined) return split;
  const roles = new Map<string, SubjectRole>();
  for (const group of AGE_GROUPS) {
    const names = uvaPadovaSubjects()
      .map((s) => s.name)
      .filter((n) => ageGroupOf(n) === group);
    if (names.length !== 10) throw new Error(`expected 10 ${group} subjects, found ${names.length}`);
    // Fisher–Yates with a keyed stream: one permutation per group, independent of the others
    const rng = seededRandom(SPLIT_KEY, group);
    for (let i = names.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [names[i], names[j]] = [names[j], names[i]];
    }
    names.forEach((name, i) => roles.set(name, i < ROLE_SIZES.tuning ? 'tuning' : i < ROLE_SIZES.tuning + ROLE_SIZES.regression ? 'regression' : 'sealed'));
  }
  split = roles;
  return roles;
}

/** The base subjects of a role (all groups, or one), in the order of uvaPadovaSubjects. */
export function subjectsOf(role: SubjectRole, group?: AgeGroup): string[] {
  const roles = subjectRoles();
  return uvaPadovaSubjects()
    .map((s) => s.name)
    .filter((n) => roles.get(n) === role && (group === undefined || ageGroupOf(n) === group));
}

/** One person of a cohort: drawn around `baseSubject` (replicate k of it). */
export interface CohortMember {
  readonly baseSubject: string;
  /** Position of the base subject in uvaPadovaSubjects (0–29). */
  readonly subjectIndex: number;
  readonly replicate: number;
}

/** `perSubject` persons around each base subject of the role. */
export function cohortMembers(role: SubjectRole, perSubject: number): CohortMember[] {
  if (!Number.isInteger(perSubject) || perSubject < 1) throw new RangeError('perSubject: must be a positive integer');
  const names = uvaPadovaSubjects().map((s) => s.name);
  return subjectsOf(role).flatMap((baseSubject) =>
    Array.from({ length: perSubject }, (_, replicate) => ({ baseSubject, subjectIndex: names.indexOf(baseSubject), replicate })),
  );
}
