/**
 * The cohorts of issue 14's validation: for a truth and a role (tuning, regression, sealed; subject-split.ts), the
 * virtual persons, each with the age group whose population prior their twin starts from and, where the truth is
 * the twin's own model, the parameters they were drawn with (for the true-parameter twin, an upper bound).
 * Truths:
 * - `s2008`: generateVirtualPatient (S2008 and the sensor model the twin assumes; the old identical-twin setting);
 * - `s2008-misspecified`: S2008 with unmodelled physiology, behaviour and sensor faults (misspecified/);
 * - `hovorka`: Hovorka 2004 with Wilinska-2010-style variability, the same behaviour and sensor faults. Its persons
 *   have no UVA/Padova base subject: each role draws its own persons from its own seed, and their twins start
 *   from the adult population prior (an assumption: the drawn body weights are adult).
 */
import { uvaPadovaTherapy } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { generateVirtualPatient, type VirtualPatient } from './virtual-patient.generator';
import type { GlucosePlant } from './misspecified/glucose-plant';
import { HovorkaWilinskaPlant } from './misspecified/hovorka-wilinska.plant';
import { liveMisspecifiedLife } from './misspecified/misspecified-life';
import { UvaPadovaMisspecifiedPlant } from './misspecified/uva-padova-misspecified.plant';
import { ageGroupOf, cohortMembers, type AgeGroup, type SubjectRole } from './subject-split';

export type TruthKind = 's2008' | 's2008-misspecified' | 'hovorka';
export const TRUTH_KINDS: readonly TruthKind[] = ['s2008', 's2008-misspecified', 'hovorka'];

export interface HonestPerson {
  readonly vp: VirtualPatient;
  readonly group: AgeGroup;
  /** The S2008 parameters the person was drawn with, when the truth is S2008 (time-invariant part). */
  readonly trueParameters?: Readonly<Record<string, number>>;
}

export interface HonestCohortOptions {
  readonly truth: TruthKind;
  readonly role: SubjectRole;
  /** Persons per base subject of the role (default 2). */
  readonly perSubject?: number;
  readonly days?: number;
}

/** Seeds of the roles: never shared, so no person is in two roles even where the base subjects allow it. */
export const HONEST_ROLE_SEEDS: Readonly<Record<SubjectRole, number>> = { tuning: 14_001, regression: 14_002, sealed: 14_003 };

export function honestCohortSize(options: HonestCohortOptions): number {
  return cohortMembers(options.role, options.perSubject ?? 2).length;
}

/** A person of a misspecified truth: a fresh plant (same person, same physiology, at steady state) on each call. */
export interface HonestPlantPerson {
  readonly patientId: string;
  readonly baseSubject: string;
  readonly group: AgeGroup;
  /** Scale of the planned meal sizes of their life. */
  readonly mealScale: number;
  /** Key of their life's random draws. */
  readonly lifeKey: readonly (string | number)[];
  plant(): GlucosePlant;
}

/**
 * Person `position` of a misspecified truth's cohort: for S2008, in cohortMembers(role, perSubject) order; Hovorka
 * persons have no base subject, `position` is their draw of the role's seed (any non-negative integer).
 */
export function honestPlantPerson(truth: Exclude<TruthKind, 's2008'>, role: SubjectRole, position: number, perSubject = 2): HonestPlantPerson {
  const seed = HONEST_ROLE_SEEDS[role];
  const patientId = `${truth}-${role}-${String(position).padStart(3, '0')}`;
  if (truth === 's2008-misspecified') {
    const m = cohortMembers(role, perSubject)[position];
    if (m === undefined) throw new RangeError(`position: the ${role} cohort has ${honestCohortSize({ truth, role, perSubject })} persons`);
    const index = m.subjectIndex + 30 * m.replicate;
    const plant = (): UvaPadovaMisspecifiedPlant => new UvaPadovaMisspecifiedPlant({ index, seed }, seededRandom('uva-misspecified-physiology', seed, index));
    const baseSubject = plant().baseSubject;
    if (baseSubject !== m.baseSubject) throw new Error(`${patientId}: drawn around ${baseSubject}, expected ${m.baseSubject}`);
    const mealScale = Math.min(1.2, Math.max(0.5, uvaPadovaTherapy(m.baseSubject).TDI / 40));
    return { patientId, baseSubject, group: ageGroupOf(baseSubject), mealScale, lifeKey: [truth, seed, index], plant };
  }
  const plant = (): HovorkaWilinskaPlant => new HovorkaWilinskaPlant(seededRandom('hovorka-wilinska-subject', seed, position));
  return { patientId, baseSubject: `hovorka#${role}-${position}`, group: 'adult', mealScale: 1, lifeKey: [truth, seed, position], plant };
}

/** The persons one by one (each costs a simulation of its days). */
export function* honestCohort(options: HonestCohortOptions): Generator<HonestPerson> {
  const days = options.days ?? 3;
  const seed = HONEST_ROLE_SEEDS[options.role];
  const members = cohortMembers(options.role, options.perSubject ?? 2);
  for (const [i, m] of members.entries()) {
    const index = m.subjectIndex + 30 * m.replicate;
    const patientId = `${options.truth}-${options.role}-${String(i).padStart(3, '0')}`;
    if (options.truth === 's2008') {
      const vp = generateVirtualPatient({ index, days, seed });
      if (vp.baseSubject !== m.baseSubject) throw new Error(`${patientId}: drawn around ${vp.baseSubject}, expected ${m.baseSubject}`);
      yield { vp, group: ageGroupOf(m.baseSubject), trueParameters: vp.trueParameters };
      continue;
    }
    const person = honestPlantPerson(options.truth, options.role, i, options.perSubject ?? 2);
    const plant = person.plant();
    const behaviour = options.truth === 's2008-misspecified' ? { mealScale: person.mealScale } : undefined;
    const vp = liveMisspecifiedLife(plant, { patientId, baseSubject: person.baseSubject, days, lifeKey: person.lifeKey, behaviour });
    yield options.truth === 's2008-misspecified' ? { vp, group: person.group, trueParameters: plant.parameters } : { vp, group: person.group };
  }
}
