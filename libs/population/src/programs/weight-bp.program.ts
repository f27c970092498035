/**
 * Body weight and systolic blood pressure over years: Hall's body-weight model (libs/models hall-body-weight:
 * Hall et al., Lancet 2011;378:826) in days, blood pressure measured at clinic visits, amlodipine from
 * libs/models amlodipine-bp (PK: Flynn et al., J Clin Pharmacol 2006;46:905; effect calibrated to Law et al., BMJ
 * 2003;326:1427, larger from higher pressure) when a rule starts it.
 *
 * True SBP(t) = SBP₀ + AGE_SLOPE·years + WEIGHT_SLOPE·(BW(t) − BW₀) + amlodipine effect (from its start visit).
 * - WEIGHT_SLOPE = 1.05 mmHg per kg: Neter JE, Stam BE, Kok FJ, Grobbee DE, Geleijnse JM. Influence of weight
 *   reduction on blood pressure: a meta-analysis of randomized controlled trials. Hypertension 2003;42:878–884.
 * - AGE_SLOPE = 0.5 mmHg/year: a scenario assumption of the order of the mid-life rise in longitudinal cohorts
 *   (Wills AK et al., PLoS Med 2011;8:e1000440), not a fitted value.
 * - The amlodipine effect is its steady state under once-daily dosing: the mean of the model's SBP change over
 *   the 14th day of daily doses (t½ 34–50 h: > 99 % of steady state), taken from the start visit on. Visits are
 *   weeks to months apart, so the days of accumulation are not resolved.
 * - A visit reading is the true SBP plus N(0, VISIT_SD²), VISIT_SD = 10 mmHg, a scenario assumption of the order
 *   of visit-to-visit variability (Rothwell PM et al., Lancet 2010;375:895).
 * People: age uniform in the cohort's range, half men, height N(176, 7²) cm (men) / N(163, 6.5²) (women),
 * BMI log-normal, PAL N(1.6, 0.12²) in [1.4, 2.0]; SBP₀ = sbp_mean + 0.5·(age − 55) + 1.0·(BMI − 28) + N(0, sbp_sd²)
 * (an assumed structure giving the known positive correlations with age and BMI); amlodipine clearance CL/F and
 * response sensitivity from the model's log-normal priors (antihypertensive-pkpd in libs/models).
 */
import { AMLODIPINE, baselineIntake, getCompiledModel, getModelRegistration, runScenario, type Subject } from '@shuji/models';
import { personStream, PersonStream } from '../cohort/person-random';
import { WEIGHT_BP_METRICS } from '../metrics/weight-bp-metrics';
import { CARDIOMETABOLIC_VARIABLES } from '../scenario/parse-population-scenario';
import type { CardiometabolicScenario } from '../scenario/population-scenario';
import { holds, parseRuleCondition, type RuleCondition } from '../scenario/rule-condition';
import type { PopulationProgram } from './population-program';

const WEIGHT_SLOPE = 1.05;
const AGE_SLOPE = 0.5;
const VISIT_SD = 10;
const SBP_TARGET = 140;
const KJ_PER_KCAL = 4.184;
const DAYS_PER_MONTH = 30.4375;
const STEADY_STATE_DAYS = 14;


type Variables = Record<(typeof CARDIOMETABOLIC_VARIABLES)[number], number>;

export interface AdultPerson {
  readonly hall: Subject;
  readonly heightM: number;
  readonly age: number;
  readonly male: number;
  readonly weight0: number;
  readonly sbp0: number;
  readonly amlodipine: Subject;
  /** Measurement noise of each visit, mmHg. */
  readonly visitNoise: Float64Array;
  /** Steady-state amlodipine effect by dose (mg), computed once per person and shared by the arms. */
  readonly drugEffect: Map<number, number>;
}

interface ArmRules {
  readonly diets: readonly { readonly when?: RuleCondition; readonly kjPerDay: number; readonly days: number }[];
  readonly drugs: readonly { readonly when: RuleCondition; readonly visits: number; readonly doseMg: number }[];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export class WeightBpProgram implements PopulationProgram<AdultPerson> {
  readonly metrics = WEIGHT_BP_METRICS;
  readonly periods: number;
  readonly arms: number;
  private readonly hallRegistration = getModelRegistration('hall-body-weight');
  private readonly hallModel = getCompiledModel('hall-body-weight');
  private readonly bpRegistration = getModelRegistration('amlodipine-bp');
  private readonly bpModel = getCompiledModel('amlodipine-bp');
  private readonly rules: readonly ArmRules[];
  private readonly visits: number;
  private readonly stepDays: number;

  constructor(private readonly scenario: CardiometabolicScenario) {
    this.periods = scenario.horizon_days / scenario.report_every_days;
    this.arms = scenario.arms.length;
    this.visits = Math.ceil(scenario.horizon_days / scenario.visit_every_days);
    this.stepDays = scenario.step_min / 1440;
    const condition = (text: string) => parseRuleCondition(text, CARDIOMETABOLIC_VARIABLES) as RuleCondition;
    this.rules = scenario.arms.map((arm) => ({
      diets: arm.policies.flatMap((p) =>
        p.policy === 'diet'
          ? [{ when: p.when === undefined ? undefined : condition(p.when), kjPerDay: p.kcal_per_day * KJ_PER_KCAL, days: p.months * DAYS_PER_MONTH }]
          : [],
      ),
      drugs: arm.policies.flatMap((p) => (p.policy === 'antihypertensive' ? [{ when: condition(p.when), visits: p.visits, doseMg: p.dose_mg }] : [])),
    }));
  }

  prepare(person: number): AdultPerson {
    const { seed, cohort } = this.scenario;
    const a = personStream(seed, person, PersonStream.Attributes);
    // A given person (estimated from their FHIR history) keeps their measured age, sex, height, weight and SBP; the
    // stream is drawn just the same, so PAL, the drug response and the visit noise come from the same numbers.
    const given = cohort.source === 'people' ? cohort.people[person] : undefined;
    const sampled = cohort.source === 'people' ? { age_years: [35, 75], bmi_median: 28, bmi_log_sd: 0.15, sbp_mean: 142, sbp_sd: 15 } : cohort;
    const drawnAge = sampled.age_years[0] + (sampled.age_years[1] - sampled.age_years[0]) * a.uniform();
    const drawnMale = a.uniform() < 0.5 ? 1 : 0;
    const age = given?.age_years ?? drawnAge;
    const male = given?.male ?? drawnMale;
    const drawnHeightCm = male === 1 ? 176 + 7 * a.normal() : 163 + 6.5 * a.normal();
    const drawnBmi = sampled.bmi_median * Math.exp(sampled.bmi_log_sd * a.normal());
    const heightM = clamp(given?.height_cm ?? drawnHeightCm, 140, 210) / 100;
    const weight0 = clamp(given?.weight_kg ?? drawnBmi * heightM * heightM, 40, 250);
    const bmi = given !== undefined ? weight0 / (heightM * heightM) : drawnBmi;
    const pal = clamp(1.6 + 0.12 * a.normal(), 1.4, 2.0);
    const sbpNoise = a.normal();
    const sbp0 = clamp(given?.sbp_mmhg ?? sampled.sbp_mean + 0.5 * (age - 55) + 1.0 * (bmi - 28) + sampled.sbp_sd * sbpNoise, 95, 220);
    const clearance = AMLODIPINE.clL_h * Math.exp(AMLODIPINE.clLogSd * a.normal());
    const sensitivity = Math.exp(AMLODIPINE.sensitivityLogSd * a.normal());
    const life = personStream(seed, person, PersonStream.Life);
    const visitNoise = Float64Array.from({ length: this.visits }, () => VISIT_SD * life.normal());
    return {
      hall: { name: `adult#${person}`, parameters: { BW0: weight0, heightCm: heightM * 100, age, male, PAL: pal } },
      heightM,
      age,
      male,
      weight0,
      sbp0,
      amlodipine: { name: `adult#${person}`, parameters: { CL: clearance, sensitivity, SBP0: sbp0 } },
      visitNoise,
      drugEffect: new Map(),
    };
  }

  run(person: AdultPerson, arm: number, out: Float64Array): boolean {
    const { horizon_days: horizon, visit_every_days: visitEvery, report_every_days: reportEvery } = this.scenario;
    const rules = this.rules[arm];
    const baseline: Variables = this.variablesAt(person, 0, person.weight0, person.sbp0 + person.visitNoise[0]);
    const weight = this.weightSeries(person, rules.diets.filter((d) => holds(d.when, baseline)));
    if (weight === undefined) return false;
    const weightAt = (day: number) => weight[Math.min(weight.length - 1, Math.round(day / this.stepDays))];
    const untreated = (day: number) => person.sbp0 + AGE_SLOPE * (day / 365.25) + WEIGHT_SLOPE * (weightAt(day) - person.weight0);

    // visits: a drug rule starts at the visit that completes its run of consecutive readings meeting `when`
    let startDay = Infinity;
    let effect = 0;
    const runs = rules.drugs.map(() => 0);
    for (let v = 0; v < this.visits && startDay === Infinity; v++) {
      const day = v * visitEvery;
      const reading = untreated(day) + person.visitNoise[v];
      const values = this.variablesAt(person, day, weightAt(day), reading);
      for (const [k, rule] of rules.drugs.entries()) {
        runs[k] = holds(rule.when, values) ? runs[k] + 1 : 0;
        if (runs[k] >= rule.visits && startDay === Infinity) {
          const drug = this.amlodipineEffect(person, rule.doseMg);
          if (drug === undefined) return false;
          startDay = day;
          effect = drug;
        }
      }
    }
    for (let b = 0; b < this.periods; b++) {
      const day = Math.min(horizon, (b + 1) * reportEvery);
      const w = weightAt(day);
      const treated = day > startDay;
      const sbp = untreated(day) + (treated ? effect : 0);
      const values = [w, w / (person.heightM * person.heightM), sbp, sbp < SBP_TARGET ? 100 : 0, treated ? 100 : 0];
      values.forEach((x, m) => (out[m * this.periods + b] = x));
    }
    return true;
  }

  private variablesAt(person: AdultPerson, day: number, weight: number, sbp: number): Variables {
    return { age: person.age + day / 365.25, male: person.male, weight, bmi: weight / (person.heightM * person.heightM), sbp };
  }

  /** Body weight every step from day 0 to the horizon, with the diets' intake changes from day 0. */
  private weightSeries(person: AdultPerson, diets: ArmRules['diets']): Float64Array | undefined {
    const horizon = this.scenario.horizon_days;
    const parameters = this.hallModel.defaultParameters();
    for (const [name, value] of Object.entries(person.hall.parameters)) parameters[this.hallModel.parameterIndex(name)] = value;
    const intake0 = baselineIntake(this.hallModel, parameters);
    // the intake in force on each interval between diet starts/ends (all diets start on day 0)
    const ends = [...new Set(diets.map((d) => Math.min(horizon, d.days)))].sort((x, y) => x - y);
    const doses = [{ t_min: 0, amount: Math.max(0, intake0 + diets.reduce((s, d) => s + d.kjPerDay, 0)), route: 'intake' }];
    for (const end of ends) {
      if (end >= horizon) break;
      const still = diets.filter((d) => d.days > end).reduce((s, d) => s + d.kjPerDay, 0);
      doses.push({ t_min: end * 1440, amount: Math.max(0, intake0 + still), route: 'intake' });
    }
    const result = runScenario(this.hallRegistration, this.hallModel, {
      subject: person.hall,
      scenario: { duration_min: horizon * 1440, meals: [], boluses: [], doses },
      everyMin: this.scenario.step_min,
      includeStates: false,
    });
    return result.outcome === 'success' ? result.column('bodyWeight') : undefined;
  }

  /** Mean SBP change (mmHg, negative) over the 14th day of once-daily doses of `doseMg`. */
  private amlodipineEffect(person: AdultPerson, doseMg: number): number | undefined {
    const known = person.drugEffect.get(doseMg);
    if (known !== undefined) return known;
    const result = runScenario(this.bpRegistration, this.bpModel, {
      subject: person.amlodipine,
      scenario: {
        duration_min: STEADY_STATE_DAYS * 1440,
        meals: [],
        boluses: [],
        doses: Array.from({ length: STEADY_STATE_DAYS }, (_, d) => ({ t_min: d * 1440, amount: doseMg, route: 'oral' })),
      },
      everyMin: 60,
      includeStates: false,
    });
    if (result.outcome !== 'success') return undefined;
    const change = result.column('sbpChange');
    // hours (13·24, 14·24]: 24 hourly values of the last dosing interval
    let sum = 0;
    for (let h = (STEADY_STATE_DAYS - 1) * 24 + 1; h <= STEADY_STATE_DAYS * 24; h++) sum += change[h];
    const effect = sum / 24;
    person.drugEffect.set(doseMg, effect);
    return effect;
  }
}
