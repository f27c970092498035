import { AMLODIPINE, antihypertensiveEffect, LISINOPRIL, oralConcentration } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { ensembleMean, ensembleSd } from '../assimilation/ensemble-kalman-filter';
import { TwinEngine } from '../state/twin-engine';
import type { TwinEvent } from '../state/twin-event';
import { summariseTwin } from '../state/twin-summary';
import { BLOOD_PRESSURE_TWIN_SETTINGS, BloodPressureComponent } from './blood-pressure.component';
import type { KnownDose, KnownInputs } from './known-inputs';
import { NO_INPUTS, plannedDoseAdherence } from './known-inputs';
import { ObservationCodes } from './observation-codes';

const SBP = ObservationCodes.systolicBp.loinc;
const DBP = ObservationCodes.diastolicBp.loinc;
const DAY = 1440;
const daily = (atc: string, mg: number, days: number): KnownDose[] => Array.from({ length: days }, (_, d) => ({ tMin: d * DAY + 480, atc, mg }));
const withDoses = (doses: KnownDose[]): KnownInputs => ({ ...NO_INPUTS, doses });

/** A member at the prior's typical values, no disturbance. */
function typicalMember(sut: BloodPressureComponent): Float64Array {
  const member = new Float64Array(sut.size);
  sut.estimated.forEach((p, k) => (member[sut.iTheta + k] = p.logMean));
  return member;
}

describe(BloodPressureComponent.name, () => {
  it('should explain systolic and diastolic pressure only', () => {
    const sut = new BloodPressureComponent();
    const member = typicalMember(sut);
    expect(sut.explains.map((c) => c.loinc)).toEqual(['8480-6', '8462-4']);
    expect(sut.observe(member, SBP)).toBeCloseTo(145, 10);
    expect(sut.observe(member, DBP)).toBeCloseTo(88, 10);
    expect(sut.observe(member, ObservationCodes.cgmGlucose.loinc)).toBeNull();
  });

  it('should ignore a dose in mg whose ATC code is not one of its drugs, and a dose that is not a finite positive amount', () => {
    const sut = new BloodPressureComponent();
    const untreated = [typicalMember(sut)];
    const unknown = [typicalMember(sut)];
    sut.propagate(untreated, 0, 20 * DAY, NO_INPUTS, null);
    sut.propagate(unknown, 0, 20 * DAY, withDoses([...daily('B01AA03', 5, 20), ...daily(AMLODIPINE.atc, Number.NaN, 20), ...daily(LISINOPRIL.atc, -10, 20)]), null);
    expect(Array.from(unknown[0])).toEqual(Array.from(untreated[0]));
    const treated = [typicalMember(sut)];
    sut.propagate(treated, 0, 20 * DAY, withDoses(daily(AMLODIPINE.atc, 5, 20)), null);
    expect(sut.observe(treated[0], SBP)).toBeLessThan((sut.observe(untreated[0], SBP) ?? 0) - 5);
  });

  it('should hold the closed-form concentration of each drug and lower pressure by its Emax effect from the office-equivalent baseline', () => {
    const sut = new BloodPressureComponent();
    const members = [typicalMember(sut)];
    const doses = [...daily(AMLODIPINE.atc, 5, 30), ...daily(LISINOPRIL.atc, 10, 30)];
    const t = 29 * DAY + 600;
    sut.propagate(members, 0, t, withDoses(doses), null);
    const cA = oralConcentration(doses.filter((d) => d.atc === AMLODIPINE.atc).map((d) => ({ tH: d.tMin / 60, mg: d.mg })), t / 60, AMLODIPINE.clL_h, AMLODIPINE.vL, AMLODIPINE.kaPerH);
    const cL = oralConcentration(doses.filter((d) => d.atc === LISINOPRIL.atc).map((d) => ({ tH: d.tMin / 60, mg: d.mg })), t / 60, LISINOPRIL.clL_h, LISINOPRIL.vL, LISINOPRIL.kaPerH);
    expect(members[0][sut.iConcentration]).toBeCloseTo(cA, 10);
    expect(members[0][sut.iConcentration + 1]).toBeCloseTo(cL, 10);
    const drop = antihypertensiveEffect(AMLODIPINE, 'sbp', cA, 1, 150) + antihypertensiveEffect(LISINOPRIL, 'sbp', cL, 1, 150);
    expect(sut.observe(members[0], SBP)).toBeCloseTo(145 - drop, 10);
    // two standard doses together: about Law 2003's additive 8.8 + 8.5 mmHg, a little less from 150 than from 154
    expect(drop).toBeGreaterThan(14);
    expect(drop).toBeLessThan(19);
  });

  it('should take a prescription\'s planned doses weighed by each member\'s adherence, and a recorded dose instead of its planned one', () => {
    const sut = new BloodPressureComponent();
    const members = Array.from({ length: 8 }, () => typicalMember(sut));
    const t = 19 * DAY + 600;
    const schedule = { startMin: 480, atc: AMLODIPINE.atc, mg: 5, everyMin: DAY };
    sut.propagate(members, 0, t, { ...NO_INPUTS, schedules: [schedule] }, null);
    const full = oralConcentration(daily(AMLODIPINE.atc, 5, 20).map((d) => ({ tH: d.tMin / 60, mg: d.mg })), t / 60, AMLODIPINE.clL_h, AMLODIPINE.vL, AMLODIPINE.kaPerH);
    members.forEach((m, j) => expect(m[sut.iConcentration]).toBeCloseTo(plannedDoseAdherence(j, 8) * full, 10));
    // every dose recorded as taken: nothing is left to adherence
    const recorded = Array.from({ length: 8 }, () => typicalMember(sut));
    sut.propagate(recorded, 0, t, { ...NO_INPUTS, schedules: [schedule], doses: daily(AMLODIPINE.atc, 5, 20) }, null);
    recorded.forEach((m) => expect(m[sut.iConcentration]).toBeCloseTo(full, 10));
  });

  it('should add the white-coat offset and the larger reading SD at the office only', () => {
    const home = new BloodPressureComponent({ setting: 'home' });
    const office = new BloodPressureComponent({ setting: 'office' });
    const member = typicalMember(home);
    member[home.iWs] = 8;
    member[home.iWd] = 4;
    expect(home.observe(member, SBP)).toBeCloseTo(145, 10);
    expect(office.observe(member, SBP)).toBeCloseTo(153, 10);
    expect(office.observe(member, DBP)).toBeCloseTo(92, 10);
    expect(home.observationVariance(SBP)).toBe(49);
    expect(office.observationVariance(SBP)).toBe(100);
    expect(office.observationVariance(DBP)).toBe(49);
    expect(home.localisation[home.iWs]).toBe(0);
    expect(office.localisation[office.iWs]).toBe(1);
    expect(home.localisation[home.iConcentration]).toBe(0);
  });

  it('should call readings outside 40–300 / 20–200 mmHg or non-finite implausible, and leave other codes alone', () => {
    const sut = new BloodPressureComponent();
    expect(sut.isPlausibleReading(SBP, 128)).toBe(true);
    expect(sut.isPlausibleReading(SBP, 320)).toBe(false);
    expect(sut.isPlausibleReading(SBP, 30)).toBe(false);
    expect(sut.isPlausibleReading(DBP, 210)).toBe(false);
    expect(sut.isPlausibleReading(DBP, Number.NaN)).toBe(false);
    expect(sut.isPlausibleReading(ObservationCodes.cgmGlucose.loinc, 500)).toBe(true);
  });

  it('should project members to physical bounds', () => {
    const sut = new BloodPressureComponent();
    const member = typicalMember(sut);
    member[sut.iTheta] = Math.log(120);
    member[sut.iTheta + 1] = Math.log(140);
    member[sut.iXs] = 100;
    member[sut.iWd] = -90;
    member[sut.iConcentration] = -1;
    member[sut.iTheta + 2] = 50;
    sut.project(member);
    expect(Math.exp(member[sut.iTheta + 1])).toBeCloseTo(110, 10);
    expect(member[sut.iXs]).toBe(60);
    expect(member[sut.iWd]).toBe(-50);
    expect(member[sut.iConcentration]).toBe(0);
    expect(Math.exp(member[sut.iTheta + 2])).toBeCloseTo(AMLODIPINE.clL_h * 20, 8);
  });

  it('should draw its prior with the population spread and a stationary disturbance that the propagation keeps', () => {
    const sut = new BloodPressureComponent();
    const members = sut.initialEnsemble(seededRandom('bp-prior'), 4000);
    const sd0 = ensembleSd(members);
    const mean0 = ensembleMean(members);
    // 4000 draws: sample SDs within ~2.2 % of their values
    expect(Math.abs(sd0[sut.iTheta + 2] - AMLODIPINE.clLogSd)).toBeLessThan(0.02);
    expect(Math.abs(mean0[sut.iTheta] - Math.log(145))).toBeLessThan(0.01);
    expect(Math.abs(sd0[sut.iXs] - 5)).toBeLessThan(0.25);
    sut.propagate(members, 0, 200 * DAY, NO_INPUTS, seededRandom('bp-ou'));
    const sd = ensembleSd(members);
    expect(Math.abs(sd[sut.iXs] - 5)).toBeLessThan(0.25);
    expect(Math.abs(sd[sut.iXd] - 3)).toBeLessThan(0.15);
  });

  it('should keep parameters and concentrations on restart and redraw the disturbance', () => {
    const sut = new BloodPressureComponent();
    const members = sut.initialEnsemble(seededRandom('bp-restart'), 8);
    sut.propagate(members, 0, 10 * DAY, withDoses(daily(AMLODIPINE.atc, 5, 10)), null);
    const restarted = sut.restart(members, seededRandom('bp-restart-2'));
    restarted.forEach((m, j) => {
      expect(Array.from(m.subarray(sut.iConcentration))).toEqual(Array.from(members[j].subarray(sut.iConcentration)));
      expect(m[sut.iXs]).not.toBe(members[j][sut.iXs]);
    });
  });

  it('should redraw the named parameters it carries and return their names', () => {
    const sut = new BloodPressureComponent();
    const members = sut.initialEnsemble(seededRandom('bp-redraw'), 2000);
    const names = sut.redrawParameters(members, [{ name: 'SBP0', logMean: Math.log(160), logSd: 0.02 }, { name: 'unknown', logMean: 0, logSd: 1 }], seededRandom('r'));
    expect(names).toEqual(['SBP0']);
    expect(Math.exp(ensembleMean(members)[sut.iTheta])).toBeCloseTo(160, 0);
    expect(ensembleSd(members)[sut.iTheta]).toBeCloseTo(0.02, 2);
  });

  it('should learn a person’s baseline from daily home readings through the TwinEngine and report it in the summary', () => {
    const events: TwinEvent[] = Array.from({ length: 30 }, (_, d) =>
      (['8480-6', '8462-4'] as const).map((loinc): TwinEvent => ({ id: `r${d}-${loinc}`, patientId: 'p', timeMs: Date.UTC(2026, 0, 1 + d, 7), kind: 'observation', loinc, value: loinc === SBP ? 165 : 101, unit: 'mm[Hg]' })),
    ).flat();
    const engine = TwinEngine.restore('p', new BloodPressureComponent(), BLOOD_PRESSURE_TWIN_SETTINGS, events, undefined);
    const summary = summariseTwin(engine);
    const sbp0 = summary.parameters.find((p) => p.name === 'SBP0');
    const disturbance = summary.state.find((v) => v.name === 'sbp_disturbance');
    // 30 readings of SD 7 against a prior of 145 ± 15 and a drift of SD 5: level within a few mmHg of 165
    expect((sbp0?.mean ?? 0) + (disturbance?.mean ?? 0)).toBeGreaterThan(160);
    expect((sbp0?.mean ?? 0) + (disturbance?.mean ?? 0)).toBeLessThan(168);
    expect(sbp0?.unit).toBe('mm[Hg]');
    expect(summary.parameters.find((p) => p.name === 'CL_amlodipine')?.unit).toBe('L/h');
  });
});
