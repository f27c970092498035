/**
 * Scenario → schedule for UVA/Padova S2008 (a contract of the CLI; t = 0 is midnight, minutes):
 * - a meal of C g is eaten at 5 g/min from t_min (CHO = 5000 mg/min for C/5 min); at its start, D is set to
 *   the stomach content Qsto1 + Qsto2 plus the whole meal (C·1000 mg), fixed for that meal;
 * - a bolus of U units is delivered evenly over [t_min, t_min + 1): U·6000/BW pmol/kg/min (1 U = 6000 pmol);
 * - basal: "patient-default" (also when absent) is u2ss pmol/kg/min, i.e. u2ss·BW/6000 U/min; a number is U/min.
 */
import { ScenarioError } from '../simulate/scenario';
import type { ModelRegistration } from '../simulate/model-registration';
import type { ScheduleItem } from '../simulate/simulation-request';
import { UVA_PADOVA_S2008_SPEC } from './uva-padova-s2008.model';
import { uvaPadovaSubjects } from './uva-padova-subjects';

/** Carbohydrate ingestion rate while eating, g/min. */
export const EATING_RATE_G_PER_MIN = 5;
/** pmol per unit of insulin. */
export const PMOL_PER_UNIT = 6000;

/**
 * The parameters that make a person (UVA/Padova): insulin-dependent utilisation, EGP insulin action, gut absorption,
 * insulin action rate. The T1D twin estimates them per person and the FM's personalisation head predicts their logs,
 * in this order; the other perturbable parameters are the twin's consider parameters.
 */
export const UVA_PADOVA_PERSONAL_PARAMETERS = ['Vmx', 'kp3', 'kabs', 'p2u'] as const;

/** Parameters that do not move the basal glucose/insulin levels once the derived ones are recomputed. */
export const UVA_PADOVA_PERTURBABLE: readonly string[] = ['kabs', 'kmax', 'kmin', 'f', 'Vmx', 'p2u', 'ki', 'kp3', 'ksc', 'kd', 'ka1', 'ka2'];

export const uvaPadovaS2008Registration: ModelRegistration = {
  spec: UVA_PADOVA_S2008_SPEC,
  get subjects() {
    return uvaPadovaSubjects();
  },
  cohort: {
    // Parameters that do not move the basal glucose/insulin levels once the derived ones below are recomputed
    // (X = 0, I1 = Id = Ib, Gs = Gp at basal). b and d are fractions and stay fixed.
    perturbable: UVA_PADOVA_PERTURBABLE,
    deriveSteadyState: (p) => {
      // EGPb = kp1 - kp2·Gpb - kp3·Ib (TBME 2007 eq. 2 at basal); Isc1, Isc2 at steady state under u2ss
      const isc1ss = p.u2ss / (p.ka1 + p.kd);
      return { kp1: p.EGPb + p.kp2 * p.Gpb + p.kp3 * p.Ib, isc1ss, isc2ss: (p.kd * isc1ss) / p.ka2 };
    },
  },
  scenarioToSchedule(scenario, { model, parameters, minutesPerTimeUnit }) {
    if (minutesPerTimeUnit !== 1) throw new Error('uva-padova-s2008 runs in minutes');
    if (scenario.doses.length > 0) throw new ScenarioError('doses: uva-padova-s2008 takes no drug doses');
    const BW = parameters[model.parameterIndex('BW')];
    const iQsto1 = model.stateIndex('Qsto1');
    const iQsto2 = model.stateIndex('Qsto2');
    const schedule: ScheduleItem[] = [];
    const basal = scenario.basal_u_per_min ?? 'patient-default';
    const basalRate = basal === 'patient-default' ? parameters[model.parameterIndex('u2ss')] : (basal * PMOL_PER_UNIT) / BW;
    schedule.push({ kind: 'set-input', t: 0, input: 'insulin', value: basalRate });
    for (const meal of scenario.meals) {
      if (meal.carbs_g <= 0) continue;
      const mg = meal.carbs_g * 1000;
      schedule.push({ kind: 'set-input', t: meal.t_min, input: 'D', value: (ctx) => ctx.y[iQsto1] + ctx.y[iQsto2] + mg });
      schedule.push({
        kind: 'input-segment',
        input: 'CHO',
        start: meal.t_min,
        end: meal.t_min + meal.carbs_g / EATING_RATE_G_PER_MIN,
        value: EATING_RATE_G_PER_MIN * 1000,
      });
    }
    for (const bolus of scenario.boluses) {
      if (bolus.units <= 0) continue;
      schedule.push({
        kind: 'input-segment',
        input: 'insulin',
        start: bolus.t_min,
        end: bolus.t_min + 1,
        value: (bolus.units * PMOL_PER_UNIT) / BW,
      });
    }
    return schedule;
  },
};
