import { steadyStateAverage } from '@shuji/models';
import { BLOOD_PRESSURE_TWIN_SETTINGS, BloodPressureComponent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { defaultWhatIfRegistry } from '../default-what-if-registry';
import { parseWhatIfRequest } from '../parse-what-if-request';
import { executeWhatIf, planWhatIf } from '../run-what-if';
import { bloodPressureLog, twinOf } from '../testing/slow-twins.fixtures';

/**
 * The blood-pressure plug-in against the model alone (docs/validation.md, what-if plug-ins): the paired difference of
 * mean systolic pressure over the last 14 of 28 days, amlodipine 10 mg every day vs none, against each member's Emax
 * effect (Law 2003, the component's pressure()) at its steady-state average concentration F·D/(CL·τ), the drift
 * left out: the same ensemble mean within 5 % (the what-if averages the effect over the day's concentration swing,
 * Emax is concave, and the drift's draws are common to both arms).
 */
describe('blood-pressure what-if vs the Emax model at steady state', () => {
  it('should lower the mean systolic pressure by the Emax effect at the steady-state concentration (ensemble mean ±5 %)', async () => {
    const twin = twinOf('bpm', new BloodPressureComponent(), bloodPressureLog('bpm'), 64, BLOOD_PRESSURE_TWIN_SETTINGS);
    const registry = defaultWhatIfRegistry();
    const arms = [{ name: 'none', changes: [{ kind: 'amlodipine', mg_per_day: 0 }] }, { name: '10 mg', changes: [{ kind: 'amlodipine', mg_per_day: 10, adherence: 1 }] }];
    const result = await executeWhatIf(planWhatIf(twin, parseWhatIfRequest({ horizon: 'P28D', seed: 2, arms }, registry), registry));
    const whatIf = result.components[0].arms[1].difference!.mean_sbp.mean;
    const component = twin.component as BloodPressureComponent;
    const iCl = component.variables.find((v) => v.name === 'CL_amlodipine')!.index;
    const iC = component.variables.find((v) => v.name === 'amlodipine_concentration')!.index;
    const effects = twin.ensemble.map((m) => {
      const member = Float64Array.from(m);
      member.fill(0, 0, component.iConcentration + component.drugs.length);
      const untreated = component.pressure(member, 'sbp');
      member[iC] = steadyStateAverage(10, 24, Math.exp(member[iCl]));
      return component.pressure(member, 'sbp') - untreated;
    });
    const model = effects.reduce((s, e) => s + e, 0) / effects.length;
    expect(model).toBeLessThan(-3);
    expect(Math.abs(whatIf - model) / Math.abs(model)).toBeLessThan(0.05);
  });
});
