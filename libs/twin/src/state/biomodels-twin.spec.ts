/**
 * The curated BioModels physiology models (models/biomodels, CC0) as twin components. Dalla Man 2007 (BIOMD0000000379)
 * is assimilated by a TwinEngine from glucose readings of a synthetic person whose gastric emptying and insulin
 * action differ from the model's; Topp 2000 and Brown 1997 run as components and advance as simulateSbml does.
 */
import { importSbml, readBioModel, simulateSbml, type SbmlModel } from '@shuji/sbml';
import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { NO_INPUTS } from '../composition/known-inputs';
import { ObservationCodes } from '../composition/observation-codes';
import { SbmlEnsembleComponent } from '../composition/sbml.component';
import { DEFAULT_TWIN_SETTINGS, TwinEngine } from './twin-engine';
import { MS_PER_MIN, type TwinEvent } from './twin-event';

const GLUCOSE = ObservationCodes.bloodGlucose.loinc;
const withParameters = (m: SbmlModel, values: Record<string, number>): SbmlModel => ({
  ...m,
  parameters: m.parameters.map((p) => (p.id in values ? { ...p, value: values[p.id] } : p)),
});
const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;
const rmse = (xs: readonly number[]): number => Math.sqrt(mean(xs.map((x) => x * x)));

describe('BioModels components in a twin', () => {
  const dallaMan = importSbml(readBioModel('BIOMD0000000379'));
  const estimated = [
    { parameter: 'k_abs', logSd: 0.4 },
    { parameter: 'V_mX', logSd: 0.4 },
  ];
  const component = (): SbmlEnsembleComponent =>
    new SbmlEnsembleComponent(dallaMan, { id: 'biomodels-dalla-man-2007', observations: [{ loinc: GLUCOSE, symbol: 'G', sd: 3 }], estimated });

  it('should learn a person’s absorption and insulin action from glucose readings and forecast the rest of the meal better than the prior', () => {
    // Truth: absorption 1.5× and insulin action on utilisation 0.6× the model's (paper Table 1: k_abs 0.057 /min,
    // V_mX 0.047 mg/kg/min per pmol/L); readings every 10 min for the first 2 h after the 78-g meal, SD 3 mg/dL; then
    // a forecast of 130–420 min without data, against the same ensemble never updated.
    const truthValues = { k_abs: 0.057 * 1.5, V_mX: 0.047 * 0.6 };
    const truth = simulateSbml(withParameters(dallaMan, truthValues), { duration: 420, steps: 42, variables: ['G'] });
    const noise = seededRandom('biomodels-twin', 'readings');
    const startMs = Date.UTC(2026, 0, 5, 7, 0);
    const readings: TwinEvent[] = Array.from({ length: 13 }, (_, k) => ({
      kind: 'observation',
      id: `dm:${k}`,
      patientId: 'p-dm',
      timeMs: startMs + 10 * k * MS_PER_MIN,
      loinc: GLUCOSE,
      value: truth.values[k][0] + 3 * noise.normal(),
      unit: 'mg/dL',
    }));
    const sut = new TwinEngine('p-dm', component(), { ...DEFAULT_TWIN_SETTINGS, ensembleSize: 32 });
    for (const r of readings) sut.apply(r);

    const c = sut.component as SbmlEnsembleComponent;
    const posterior = sut.ensemble.map((m) => Float64Array.from(m));
    const prior = c.initialEnsemble(seededRandom('p-dm', 'genesis'), 32); // the twin's own genesis draws, never updated
    const t0 = startMs / MS_PER_MIN;
    c.propagate(prior, t0, t0 + 120, NO_INPUTS, null);
    const errors = { twin: [] as number[], prior: [] as number[] };
    let t = t0 + 120;
    for (let k = 13; k <= 42; k++) {
      c.propagate(posterior, t, t0 + 10 * k, NO_INPUTS, null);
      c.propagate(prior, t, t0 + 10 * k, NO_INPUTS, null);
      t = t0 + 10 * k;
      errors.twin.push(mean(posterior.map((m) => c.observe(m, GLUCOSE)!)) - truth.values[k][0]);
      errors.prior.push(mean(prior.map((m) => c.observe(m, GLUCOSE)!)) - truth.values[k][0]);
    }
    const learned = (k: number): number => Math.exp(mean(sut.ensemble.map((m) => m[c.size - estimated.length + k])));
    // Measured 2026-12-04: k_abs 0.0862 (truth 0.0855, prior 0.057), V_mX 0.0304 (truth 0.0282, prior 0.047); forecast
    // RMSE 1.44 mg/dL against 6.40 for the prior. Other noise seeds ('r2', 'r3'): k_abs 0.109 and 0.076, V_mX 0.0276
    // and 0.0288, RMSE 0.45 and 0.30: k_abs is the less identified of the two from 2 h of glucose alone.
    expect(Math.abs(Math.log(learned(0) / truthValues.k_abs))).toBeLessThan(0.3);
    expect(Math.abs(Math.log(learned(1) / truthValues.V_mX))).toBeLessThan(0.15);
    expect(rmse(errors.twin)).toBeLessThan(0.5 * rmse(errors.prior));
  });

  it('should run Topp 2000 (days) and Brown 1997 (minutes) as components that advance as simulateSbml does', () => {
    const cases = [
      { id: 'BIOMD0000000341', minutes: 100 * 1440, modelTimePerMinute: 1 / 1440, symbol: 'B' },
      { id: 'BIOMD0000000672', minutes: 1800, modelTimePerMinute: 1, symbol: 'H2' },
    ];
    for (const { id, minutes, modelTimePerMinute, symbol } of cases) {
      const model = importSbml(readBioModel(id));
      const sut = new SbmlEnsembleComponent(model, { id, observations: [], estimated: [], modelTimePerMinute });
      const [member] = sut.initialEnsemble(seededRandom(id, 1), 1);
      sut.propagate([member], 0, minutes, NO_INPUTS, null);
      const expected = simulateSbml(model, { duration: minutes * modelTimePerMinute, steps: 1, variables: [symbol] }).values[1][0];
      const index = sut.variables.find((v) => v.name === symbol)!.index;
      expect(Math.abs(member[index] - expected) / expected, id).toBeLessThan(1e-5);
    }
  });
});
