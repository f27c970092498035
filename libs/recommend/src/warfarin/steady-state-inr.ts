/**
 * Steady-state INR of the Hamberg 2007 warfarin PK/PD model (@shuji/models, hamberg-warfarin) on a daily
 * maintenance dose, and the daily dose that holds a target INR.
 *
 * Hamberg AK, Dahl ML, Barban M, et al. Clin Pharmacol Ther 2007;81(4):529–538 (model, Tables 2 and 4).
 * The INR at steady state is the mean INR over one dosing interval of the model simulated on daily doses.
 * To keep that cheap the simulation starts near the periodic steady state rather than at zero:
 *  - S-warfarin in the body at the trough of a one-compartment approximation, A = D·e^(−kτ)/(1 − e^(−kτ)),
 *    k = CL/(V1 + V2), split between V1 and V2 in proportion (distribution equilibrium);
 *  - every clotting-factor transit state at 1 − E(Cavg), Cavg = D/(CL·τ), with E read from the model's own
 *    right-hand side (dT7/dt at T7 = 0 and at T7 = 1), so no PD formula is restated here.
 * The model then runs SETTLE_DAYS of daily doses and the INR is averaged over the last interval; the spec
 * checks this against a 200-day simulation from zero.
 */
import { getCompiledModel, simulate, type CompiledModel, type ScheduleItem } from '@shuji/models';
import { bisect } from '../shared/bisect.util';

const TAU_H = 24;
const SETTLE_DAYS = 8;

function warfarinModel(): CompiledModel {
  return getCompiledModel('hamberg-warfarin');
}

function packParameters(model: CompiledModel, parameters: Readonly<Record<string, number>>): Float64Array {
  const p = model.defaultParameters();
  for (const [name, value] of Object.entries(parameters)) p[model.parameterIndex(name)] = value;
  return p;
}

/** Output `name` of the model at state y. */
function output(model: CompiledModel, y: Float64Array, p: Float64Array, name: string): number {
  const out = new Float64Array(model.outputNames.length);
  model.outputs(0, y, p, model.defaultInputs(), out);
  return out[model.outputNames.indexOf(name)];
}

/** 1 − E at a constant S-warfarin concentration, from the model's dT7/dt = ktr2·(1 − E − T7). */
function residualActivity(model: CompiledModel, p: Float64Array, concentration: number): number {
  const y = model.initialState(p);
  const dy = new Float64Array(y.length);
  const i7 = model.stateIndex('T7');
  y[model.stateIndex('Ac')] = concentration * p[model.parameterIndex('V1')];
  y[i7] = 0;
  model.f.rhs(0, y, p, model.defaultInputs(), dy);
  const atZero = dy[i7];
  y[i7] = 1;
  model.f.rhs(0, y, p, model.defaultInputs(), dy);
  return atZero / (atZero - dy[i7]);
}

function nearPeriodicState(model: CompiledModel, p: Float64Array, dailyDoseMg: number): Float64Array {
  const y = model.initialState(p);
  const clearance = output(model, y, p, 'clearance');
  const V1 = p[model.parameterIndex('V1')];
  const V2 = p[model.parameterIndex('V2')];
  const sDose = p[model.parameterIndex('fractionS')] * dailyDoseMg;
  const decay = Math.exp((-clearance / (V1 + V2)) * TAU_H);
  const trough = (sDose * decay) / (1 - decay);
  y[model.stateIndex('Ac')] = (trough * V1) / (V1 + V2);
  y[model.stateIndex('Ap')] = (trough * V2) / (V1 + V2);
  const activity = residualActivity(model, p, sDose / (clearance * TAU_H));
  for (const s of ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']) y[model.stateIndex(s)] = activity;
  return y;
}

/** Mean INR over the last dosing interval of `days` of daily doses from `initialValues` (or from zero drug). */
function meanInrOfLastDay(model: CompiledModel, p: Float64Array, dailyDoseMg: number, days: number, initialValues?: Float64Array): number {
  const sDose = p[model.parameterIndex('fractionS')] * dailyDoseMg;
  const schedule = Array.from({ length: days }, (_, d): ScheduleItem => ({ kind: 'add-to-state', t: d * TAU_H, state: 'Ad', amount: sDose }));
  const result = simulate(model, {
    duration: days * TAU_H,
    reportEvery: 1,
    parameterValues: p,
    ...(initialValues !== undefined ? { initialValues } : {}),
    schedule,
    rtol: 1e-7,
    atol: 1e-10,
    includeStates: false,
  });
  const inr = result.column('inr');
  const end = inr.length - 1;
  let area = 0;
  for (let k = end - TAU_H + 1; k <= end; k++) area += 0.5 * (inr[k] + inr[k - 1]);
  return area / TAU_H;
}

/** Steady-state mean INR on `dailyDoseMg` of racemic warfarin a day, for the given model parameters. */
export function steadyStateInr(parameters: Readonly<Record<string, number>>, dailyDoseMg: number): number {
  const model = warfarinModel();
  const p = packParameters(model, parameters);
  return meanInrOfLastDay(model, p, dailyDoseMg, SETTLE_DAYS, nearPeriodicState(model, p, dailyDoseMg));
}

/** The same, simulated from no drug for `days` days (the reference the fast start is checked against). */
export function inrAfterDaysFromZero(parameters: Readonly<Record<string, number>>, dailyDoseMg: number, days: number): number {
  const model = warfarinModel();
  return meanInrOfLastDay(model, packParameters(model, parameters), dailyDoseMg, days);
}

/** Daily racemic dose (mg) whose steady-state INR equals `targetInr`; bisection on log dose to 0.1 %. */
export function dailyDoseForTargetInr(parameters: Readonly<Record<string, number>>, targetInr: number): number {
  const logDose = bisect((x) => steadyStateInr(parameters, Math.exp(x)) - targetInr, Math.log(0.01), Math.log(500), 1e-3);
  return Math.exp(logDose);
}
