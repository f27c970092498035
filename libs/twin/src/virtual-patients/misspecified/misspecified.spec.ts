import { getCompiledModel, getModelRegistration, sampleVirtualSubjects, simulate } from '@shuji/models';
import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { ObservationCodes } from '../../composition/observation-codes';
import { dailyBump, dailyRhythm } from './glucose-plant';
import { HovorkaWilinskaPlant, MG_DL_PER_MMOL_L } from './hovorka-wilinska.plant';
import { liveMisspecifiedLife } from './misspecified-life';
import { UvaPadovaMisspecifiedPlant } from './uva-padova-misspecified.plant';

describe(UvaPadovaMisspecifiedPlant.name, () => {
  it('should reproduce one S2008 simulation when stepped in 5-min chunks without the unmodelled physiology', () => {
    const sut = new UvaPadovaMisspecifiedPlant({ index: 12, seed: 3, physiology: false }, seededRandom('t'));
    const registration = getModelRegistration('uva-padova-s2008');
    const model = getCompiledModel('uva-padova-s2008');
    const subject = sampleVirtualSubjects(registration, { count: 13, seed: 3, logSd: 0.1 })[12];
    const p = model.defaultParameters();
    for (const [name, value] of Object.entries(subject.parameters)) p[model.parameterIndex(name)] = value;
    const schedule = registration.scenarioToSchedule(
      { duration_min: 360, meals: [{ t_min: 60, carbs_g: 50 }], boluses: [{ t_min: 60, units: 4 }], basal_u_per_min: 'patient-default', doses: [] },
      { model, parameters: p, minutesPerTimeUnit: 1 },
    );
    const whole = simulate(model, { parameterValues: p, duration: 360, schedule, reportEvery: 5, rtol: 1e-8, atol: 1e-8 }).column('cgm_mg_dl');
    const stepped: number[] = [];
    for (let k = 0; k < 72; k++) {
      sut.step(5 * k, 5, k === 12 ? { carbsG: 50, absorption: 1 } : undefined, k === 12 ? 4 : 0);
      stepped.push(sut.interstitial);
    }
    for (let k = 0; k < 72; k++) expect(stepped[k]).toBeCloseTo(whole[k + 1], 2);
  });

  it('should raise glucose before dawn when the dawn phenomenon is on', () => {
    const flat = new UvaPadovaMisspecifiedPlant({ index: 12, seed: 3, physiology: false }, seededRandom('t'));
    const dawn = new UvaPadovaMisspecifiedPlant({ index: 12, seed: 3 }, seededRandom('t'));
    for (let k = 0; k < 90; k++) {
      flat.step(5 * k, 5, undefined, 0);
      dawn.step(5 * k, 5, undefined, 0);
    }
    expect(dawn.physiology.dawnFraction).toBeGreaterThanOrEqual(0.1);
    expect(Math.abs(dawn.plasma - flat.plasma)).toBeGreaterThan(3);
  });
});

describe(HovorkaWilinskaPlant.name, () => {
  it('should hold its basal steady state at 7 mmol/L without meals or boluses', () => {
    const sut = new HovorkaWilinskaPlant(seededRandom('h', 1), { intraDay: false });
    for (let k = 0; k < 288; k++) sut.step(5 * k, 5, undefined, 0);
    expect(sut.plasma).toBeCloseTo(7 * MG_DL_PER_MMOL_L, 3);
    expect(sut.basalUnitsPerHour).toBeGreaterThanOrEqual(0.1);
  });

  it('should settle lower with a higher pump basal rate than its titrated one', () => {
    const titrated = new HovorkaWilinskaPlant(seededRandom('h', 1), { intraDay: false });
    const more = new HovorkaWilinskaPlant(seededRandom('h', 1), { intraDay: false });
    for (let k = 0; k < 288; k++) {
      titrated.step(5 * k, 5, undefined, 0, titrated.basalUnitsPerHour);
      more.step(5 * k, 5, undefined, 0, 1.3 * more.basalUnitsPerHour);
    }
    expect(titrated.plasma).toBeCloseTo(7 * MG_DL_PER_MMOL_L, 3);
    expect(more.plasma).toBeLessThan(titrated.plasma - 10);
  });

  it('should draw different people from different keys', () => {
    expect(new HovorkaWilinskaPlant(seededRandom('h', 1)).parameters.SIT).not.toBe(new HovorkaWilinskaPlant(seededRandom('h', 2)).parameters.SIT);
  });
});

describe(liveMisspecifiedLife.name, () => {
  const life = (faults: boolean) =>
    liveMisspecifiedLife(new UvaPadovaMisspecifiedPlant({ index: 3, seed: 9 }, seededRandom('p')), {
      patientId: 'p',
      baseSubject: 'adolescent#004',
      days: 2,
      lifeKey: ['spec', 1],
      ...(faults ? {} : { faults: false }),
    });
  const cgm = (vp: ReturnType<typeof life>) => vp.events.filter((e) => e.kind === 'observation' && e.loinc === ObservationCodes.cgmGlucose.loinc);

  it('should lose readings to dropouts only when sensor faults are on', () => {
    expect(cgm(life(false))).toHaveLength(576);
    expect(cgm(life(true)).length).toBeLessThan(576);
  });

  it('should live on the pump settings given, and add the bolus calculator\'s correction to meal boluses when asked', () => {
    const plant = () => new UvaPadovaMisspecifiedPlant({ index: 3, seed: 9 }, seededRandom('p'));
    const own = plant();
    const settings = { basalUnitsPerHour: 1.4 * own.basalUnitsPerHour, carbRatio: own.therapy.carbRatio, correctionFactor: own.therapy.correctionFactor };
    const base = { patientId: 'p', baseSubject: 'adolescent#004', days: 2, lifeKey: ['spec', 1], faults: false as const };
    const usual = liveMisspecifiedLife(plant(), base);
    const high = liveMisspecifiedLife(plant(), { ...base, settings });
    const calculator = liveMisspecifiedLife(plant(), { ...base, bolusCalculatorTargetMgDl: 100 });
    const mean = (x: Float64Array): number => x.reduce((a, b) => a + b, 0) / x.length;
    const insulin = (vp: typeof usual): number => vp.events.reduce((s, e) => s + (e.kind === 'insulin-bolus' ? e.units : 0), 0);
    expect(high.events[0]).toMatchObject({ kind: 'basal-rate', unitsPerHour: settings.basalUnitsPerHour });
    expect(mean(high.truth.plasma)).toBeLessThan(mean(usual.truth.plasma) - 5);
    expect(insulin(calculator)).toBeGreaterThan(insulin(usual));
    // its own settings stated: the same life (to rounding of the rate's unit conversion)
    const stated = liveMisspecifiedLife(plant(), { ...base, settings: { basalUnitsPerHour: own.basalUnitsPerHour, ...own.therapy } }).truth.plasma;
    expect(Math.max(...stated.map((g, k) => Math.abs(g - usual.truth.plasma[k])))).toBeLessThan(1e-6);
  });

  it('should live a changed meal-bolus habit on the same meals: no lapses, or on-time boluses moved before the meal', () => {
    const plant = () => new UvaPadovaMisspecifiedPlant({ index: 3, seed: 9 }, seededRandom('p'));
    const base = { patientId: 'p', baseSubject: 'adolescent#004', days: 4, lifeKey: ['spec', 2], faults: false as const };
    const usual = liveMisspecifiedLife(plant(), base);
    const stated = liveMisspecifiedLife(plant(), { ...base, behaviour: { bolusLapses: 'as-drawn', bolusLeadMin: 0 } });
    const none = liveMisspecifiedLife(plant(), { ...base, behaviour: { bolusLapses: 'none' } });
    const early = liveMisspecifiedLife(plant(), { ...base, behaviour: { bolusLeadMin: 15 } });
    const times = (vp: typeof usual, kind: string, id: string): number[] => vp.events.filter((e) => e.kind === kind && e.id.includes(id)).map((e) => e.timeMs);
    const bolusTimes = (vp: typeof usual) => new Set(times(vp, 'insulin-bolus', '-bolus-'));
    const mealTimes = (vp: typeof usual) => times(vp, 'meal', '-meal-');
    // the planned meals (hypo treatments are 15–20 g)
    const planned = (vp: typeof usual) => vp.meals.filter((m) => m.carbs_g > 20).map((m) => `${m.t_min}/${m.carbs_g}`);
    expect(stated.truth.plasma).toEqual(usual.truth.plasma);
    // the usual life has meals without a bolus at their start (missed or late); with no lapses every logged meal has one
    expect(mealTimes(usual).some((t) => !bolusTimes(usual).has(t))).toBe(true);
    expect(mealTimes(none).every((t) => bolusTimes(none).has(t))).toBe(true);
    expect(mealTimes(none).length).toBeGreaterThanOrEqual(mealTimes(usual).length);
    // the same planned meals in every life (times and sizes)
    expect(planned(usual).length).toBeGreaterThan(10);
    expect(planned(none)).toEqual(planned(usual));
    expect(planned(early)).toEqual(planned(usual));
    // every bolus given at its meal's start in the usual life comes 15 min earlier, and none at a logged meal's start
    const onTime = mealTimes(usual).filter((t) => bolusTimes(usual).has(t));
    expect(onTime.length).toBeGreaterThan(4);
    for (const t of onTime) expect(bolusTimes(early).has(t - 15 * 60_000)).toBe(true);
    expect(mealTimes(early).filter((t) => bolusTimes(early).has(t - 15 * 60_000)).length).toBe(onTime.length);
    expect(() => liveMisspecifiedLife(plant(), { ...base, behaviour: { bolusLeadMin: 7 } })).toThrow(/bolusLeadMin/);
  });

  it('should draw the carbohydrate-counting bias per person with a person key, and per life without one, every other draw unchanged', () => {
    const plant = () => new UvaPadovaMisspecifiedPlant({ index: 3, seed: 9 }, seededRandom('p'));
    const base = { patientId: 'p', baseSubject: 'adolescent#004', days: 3, faults: false as const };
    const live = (lifeKey: string[], personKey?: string[]) => liveMisspecifiedLife(plant(), { ...base, lifeKey, personKey });
    // without a person key: the life recorded before person keys existed (main at 4ef7e10), bit for bit
    const before = liveMisspecifiedLife(plant(), { patientId: 'p', baseSubject: 'adolescent#004', days: 2, lifeKey: ['spec', 1] });
    expect(before.meals.map((m) => m.loggedCarbsG)).toEqual([24, 52, 56, 20, 39, 41, 18, 74]);
    expect(before.truth.plasma.reduce((a, b) => a + b, 0)).toBe(93438.49440797966);
    // the person's own life (lifeKey = personKey) is the life without a key
    expect(live(['spec', 'person-a'], ['spec', 'person-a']).events).toEqual(live(['spec', 'person-a']).events);
    // in one life, another person key changes only the logged counts, all by one factor: the ratio of the two biases
    // the planned meals (hypo treatments, 15–20 g, follow the glucose and so differ)
    const planned = (vp: ReturnType<typeof live>) => vp.meals.filter((m) => m.carbs_g > 20);
    const sum = (vp: ReturnType<typeof live>): number => planned(vp).reduce((s, m) => s + m.loggedCarbsG, 0);
    const biasRatio = (life: string[]): number => {
      const [a, b] = [live(life, ['spec', 'person-a']), live(life, ['spec', 'person-c'])];
      expect(planned(a).length).toBeGreaterThan(6);
      expect(planned(a).map((m) => `${m.t_min}/${m.carbs_g}`)).toEqual(planned(b).map((m) => `${m.t_min}/${m.carbs_g}`));
      return sum(a) / sum(b);
    };
    // the same two persons' biases in two different lives: the same ratio (to the counts' rounding to grams)
    const [first, second] = [biasRatio(['spec', 'life-1']), biasRatio(['spec', 'life-2'])];
    expect(Math.abs(first - 1)).toBeGreaterThan(0.03);
    expect(second).toBeCloseTo(first, 2);
  });

  it('should send boluses, logged meals and a basal rate in time order, and the truth every 5 min', () => {
    const vp = life(true);
    expect(vp.events.some((e) => e.kind === 'insulin-bolus' && e.units > 0)).toBe(true);
    expect(vp.events.some((e) => e.kind === 'meal')).toBe(true);
    expect(vp.events[0].kind).toBe('basal-rate');
    for (let i = 1; i < vp.events.length; i++) expect(vp.events[i].timeMs).toBeGreaterThanOrEqual(vp.events[i - 1].timeMs);
    expect(vp.truth.interstitial).toHaveLength(577);
  });
});

describe(dailyRhythm.name, () => {
  it('should peak at its peak time and be one when the amplitude is zero', () => {
    expect(dailyRhythm(600, 0.2, 600)).toBeCloseTo(Math.exp(0.2), 12);
    expect(dailyRhythm(600 + 720, 0.2, 600)).toBeCloseTo(Math.exp(-0.2), 12);
    expect(dailyRhythm(123, 0, 600)).toBe(1);
  });
});

describe(dailyBump.name, () => {
  it('should be one at its centre on every day and zero outside its width', () => {
    expect(dailyBump(330, 330, 360)).toBe(1);
    expect(dailyBump(330 + 1440, 330, 360)).toBe(1);
    expect(dailyBump(720, 330, 360)).toBe(0);
  });
});
