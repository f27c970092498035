/**
 * T1D days on UVA/Padova S2008 (Dalla Man et al., J Diabetes Sci Technol 2007;1:1 and the S2008 parameters of
 * Kovatchev et al., J Diabetes Sci Technol 2009;3:44; subjects and therapy from libs/models' data).
 *
 * Person i is drawn around named subject i mod N of the chosen groups, its perturbable parameters log-normal
 * (libs/models' cohort sampling rule, with a per-person stream). Each day they eat breakfast, lunch and dinner
 * at jittered times and sizes and bolus carbs / carb ratio with a log-normal carb-counting error; the basal is
 * the subject's steady-state rate. These meal-plan numbers are a scenario assumption, not a published plan:
 * breakfast 07:30 / 45 g, lunch 12:30 / 70 g, dinner 19:00 / 70 g for a 75 kg person (scaled by weight within
 * ×0.4–1.3), times ±30 min (SD), sizes ×exp(0.2·z), counting error ×exp(0.1·z).
 * Policy `pump-settings`: basal × basal_factor, carb ratio × carb_ratio_factor, bolus pre_bolus_min earlier.
 */
import {
  getCompiledModel,
  getModelRegistration,
  runScenario,
  uvaPadovaSubjects,
  uvaPadovaTherapy,
  type Scenario,
  type ScenarioBolus,
  type ScenarioMeal,
  type Subject,
} from '@shuji/models';
import { personStream, PersonStream } from '../cohort/person-random';
import { GLUCOSE_METRICS, glucoseMetrics } from '../metrics/glucose-metrics';
import type { T1dScenario } from '../scenario/population-scenario';
import { holds, parseRuleCondition, type RuleCondition } from '../scenario/rule-condition';
import { T1D_VARIABLES } from '../scenario/parse-population-scenario';
import type { PopulationProgram } from './population-program';

const MODEL_ID = 'uva-padova-s2008';
const PMOL_PER_UNIT = 6000;
const MEALS = [
  { clockMin: 450, carbsG: 45 },
  { clockMin: 750, carbsG: 70 },
  { clockMin: 1140, carbsG: 70 },
] as const;

interface PlannedMeal {
  readonly t_min: number;
  readonly carbs_g: number;
  /** Multiplies the bolus this meal would get with exact carb counting. */
  readonly countingError: number;
}

export interface T1dPerson {
  readonly subject: Subject;
  readonly carbRatio: number;
  /** Steady-state basal, U/min. */
  readonly basalUPerMin: number;
  readonly variables: Readonly<Record<(typeof T1D_VARIABLES)[number], number>>;
  readonly meals: readonly PlannedMeal[];
}

interface ArmSettings {
  readonly policies: readonly { readonly when?: RuleCondition; readonly basal: number; readonly carbRatio: number; readonly preBolus: number }[];
}

export class T1dDaysProgram implements PopulationProgram<T1dPerson> {
  readonly metrics = GLUCOSE_METRICS;
  readonly periods: number;
  readonly arms: number;
  private readonly registration = getModelRegistration(MODEL_ID);
  private readonly model = getCompiledModel(MODEL_ID);
  private readonly bases: readonly Subject[];
  private readonly armSettings: readonly ArmSettings[];
  private readonly samplesPerPeriod: number;

  constructor(private readonly scenario: T1dScenario) {
    this.periods = scenario.horizon_days / scenario.report_every_days;
    this.arms = scenario.arms.length;
    this.samplesPerPeriod = (scenario.report_every_days * 1440) / scenario.step_min;
    const cohort = scenario.cohort;
    this.bases =
      cohort.source === 'people'
        ? cohort.people.map((given) => uvaPadovaSubjects().find((s) => s.name === given.base) as Subject)
        : uvaPadovaSubjects().filter((s) => cohort.groups.some((g) => s.name.startsWith(`${g}#`)));
    this.armSettings = scenario.arms.map((arm) => ({
      policies: arm.policies.map((p) => ({
        when: p.when === undefined ? undefined : (parseRuleCondition(p.when, T1D_VARIABLES) as RuleCondition),
        basal: p.basal_factor,
        carbRatio: p.carb_ratio_factor,
        preBolus: p.pre_bolus_min,
      })),
    }));
  }

  prepare(person: number): T1dPerson {
    const { seed, cohort, horizon_days: days } = this.scenario;
    const base = this.bases[person % this.bases.length];
    const attributes = personStream(seed, person, PersonStream.Attributes);
    const parameters: Record<string, number> = { ...base.parameters };
    const sampling = this.registration.cohort!;
    // a given person (a twin's posterior member) brings their parameters; a sampled one is drawn around the base
    if (cohort.source === 'people') Object.assign(parameters, cohort.people[person].parameters);
    else for (const name of sampling.perturbable) parameters[name] *= Math.exp(cohort.log_sd * attributes.normal());
    Object.assign(parameters, sampling.deriveSteadyState?.(parameters) ?? {});
    const therapy = uvaPadovaTherapy(base.name);
    const weight = parameters.BW;
    const scale = Math.min(1.3, Math.max(0.4, weight / 75));
    const life = personStream(seed, person, PersonStream.Life);
    const meals: PlannedMeal[] = [];
    for (let d = 0; d < days; d++) {
      for (const meal of MEALS) {
        // draw all three numbers every time, whatever is kept, so later meals see the same stream in every arm
        const jitter = 30 * life.normal();
        const size = Math.exp(0.2 * life.normal());
        const countingError = Math.exp(0.1 * life.normal());
        const clock = Math.min(1380, Math.max(360, meal.clockMin + jitter));
        meals.push({ t_min: d * 1440 + Math.round(clock), carbs_g: Math.round(meal.carbsG * scale * size), countingError });
      }
    }
    return {
      subject: { name: `virtual#${person}`, parameters },
      carbRatio: therapy.CR,
      basalUPerMin: (parameters.u2ss * weight) / PMOL_PER_UNIT,
      variables: { age: therapy.age, weight, tdi: therapy.TDI, carb_ratio: therapy.CR, correction_factor: therapy.CF },
      meals,
    };
  }

  run(person: T1dPerson, arm: number, out: Float64Array): boolean {
    let basal = 1;
    let carbRatio = 1;
    let preBolus = 0;
    for (const p of this.armSettings[arm].policies) {
      if (!holds(p.when, person.variables)) continue;
      basal *= p.basal;
      carbRatio *= p.carbRatio;
      preBolus = Math.max(preBolus, p.preBolus);
    }
    const meals: ScenarioMeal[] = person.meals.map((m) => ({ t_min: m.t_min, carbs_g: m.carbs_g }));
    const boluses: ScenarioBolus[] = person.meals.map((m) => ({
      t_min: Math.max(0, m.t_min - preBolus),
      units: (m.carbs_g / (person.carbRatio * carbRatio)) * m.countingError,
    }));
    const scenario: Scenario = {
      duration_min: this.scenario.horizon_days * 1440,
      meals,
      boluses,
      doses: [],
      basal_u_per_min: person.basalUPerMin * basal,
    };
    const result = runScenario(this.registration, this.model, {
      subject: person.subject,
      scenario,
      everyMin: this.scenario.step_min,
      includeStates: false,
    });
    if (result.outcome !== 'success') return false;
    const glucose = result.column('bg_mg_dl');
    for (let b = 0; b < this.periods; b++) {
      glucoseMetrics(glucose, b * this.samplesPerPeriod, (b + 1) * this.samplesPerPeriod, this.scenario.step_min, out, this.periods, b);
    }
    return true;
  }
}
