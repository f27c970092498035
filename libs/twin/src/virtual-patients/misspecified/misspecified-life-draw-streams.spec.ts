import { seededRandom } from '@shuji/stats';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ObservationCodes } from '../../composition/observation-codes';
import type { VirtualPatient } from '../virtual-patient.generator';
import type { GlucosePlant, PlantMeal } from './glucose-plant';
import { HovorkaWilinskaPlant } from './hovorka-wilinska.plant';
import { liveMisspecifiedLife, type DrawStreams, type LifeOptions } from './misspecified-life';
import { UvaPadovaMisspecifiedPlant } from './uva-padova-misspecified.plant';

/**
 * A plant whose glucose is a prescribed wave (50–310 mg/dL, a 7-h period) raised on even days by 20 mg/dL per U/h of
 * pump basal above 1, whatever is eaten or injected; it records what the life hands it. Two basal rates give two arms
 * whose readings cross the reaction thresholds (70, 250) at different steps on even days, so that their reactions
 * diverge, and at the same steps on odd days, so that both can react at the same steps.
 */
const offsetOf = (tMin: number, basalUnitsPerHour: number): number => (Math.floor(tMin / 1440) % 2 === 0 ? 20 * (basalUnitsPerHour - 1) : 0);

class WavePlant implements GlucosePlant {
  readonly basalUnitsPerHour = 1;
  readonly therapy = { carbRatio: 10, correctionFactor: 40 };
  readonly parameters = {};
  interstitial = 180;
  plasma = 180;
  readonly meals = new Map<number, PlantMeal>();
  readonly boluses = new Map<number, number>();

  step(tMin: number, dtMin: number, meal: PlantMeal | undefined, bolusUnits: number, basalUnitsPerHour = this.basalUnitsPerHour): void {
    if (meal !== undefined) this.meals.set(tMin, meal);
    if (bolusUnits > 0) this.boluses.set(tMin, bolusUnits);
    this.interstitial = this.plasma = 180 + 130 * Math.sin((2 * Math.PI * (tMin + dtMin)) / 420) + offsetOf(tMin + dtMin, basalUnitsPerHour);
  }
}

const fingerprint = (vp: VirtualPatient): string =>
  createHash('sha256')
    .update(JSON.stringify({ e: vp.events, m: vp.meals, p: Array.from(vp.truth.plasma), i: Array.from(vp.truth.interstitial) }))
    .digest('hex')
    .slice(0, 16);

const readings = (vp: VirtualPatient): Map<number, number> =>
  new Map(vp.events.flatMap((e) => (e.kind === 'observation' && e.loinc === ObservationCodes.cgmGlucose.loinc ? [[Number(e.id.split('-cgm-')[1]) * 5, e.value] as const] : [])));

/** A life on the wave plant at a basal rate; no meals to speak of (0 g), so every plant meal is a treatment and every bolus a correction. */
function waveLife(basal: number, drawStreams: DrawStreams | undefined, mealScale = 0.001) {
  const plant = new WavePlant();
  const vp = liveMisspecifiedLife(plant, {
    patientId: 'w',
    baseSubject: 'wave',
    days: 4,
    lifeKey: ['spec', 'draw-streams'],
    faults: false,
    behaviour: { mealScale },
    settings: { basalUnitsPerHour: basal, carbRatio: 10, correctionFactor: 40 },
    drawStreams,
  });
  return { plant, vp, readings: readings(vp) };
}

/**
 * The two arms' reactions at every step where both were in the same position to react (a reading below 70 and no
 * treatment for 30 min; above 250 and no bolus for 3 h), as the life decides them: the count of such steps and the
 * steps where the arms reacted differently.
 */
function reactionsCompared(a: ReturnType<typeof waveLife>, b: ReturnType<typeof waveLife>) {
  const state = () => ({ lastTreat: -Infinity, lastBolus: -Infinity });
  const [sa, sb] = [state(), state()];
  const logged = (arm: typeof a, t: number): boolean => arm.vp.events.some((e) => e.id === `w-treat-${t}`);
  let treatSteps = 0;
  let correctionSteps = 0;
  let divergent = 0;
  const different: number[] = [];
  for (let t = 5; t < 4 * 1440; t += 5) {
    const [ra, rb] = [a.readings.get(t)!, b.readings.get(t)!];
    const canTreat = [ra < 70 && t - sa.lastTreat >= 30, rb < 70 && t - sb.lastTreat >= 30];
    const canCorrect = [ra > 250 && t - sa.lastBolus >= 180, rb > 250 && t - sb.lastBolus >= 180];
    if (canTreat[0] !== canTreat[1] || canCorrect[0] !== canCorrect[1]) divergent++;
    if (canTreat[0] && canTreat[1]) {
      treatSteps++;
      const [ma, mb] = [a.plant.meals.get(t), b.plant.meals.get(t)];
      if (ma?.carbsG !== mb?.carbsG || ma?.absorptionDraw !== mb?.absorptionDraw || logged(a, t) !== logged(b, t)) different.push(t);
    }
    if (canCorrect[0] && canCorrect[1]) {
      correctionSteps++;
      if (a.plant.boluses.has(t) !== b.plant.boluses.has(t)) different.push(t);
    }
    if (a.plant.meals.has(t)) sa.lastTreat = t;
    if (b.plant.meals.has(t)) sb.lastTreat = t;
    if (a.plant.boluses.has(t)) sa.lastBolus = t;
    if (b.plant.boluses.has(t)) sb.lastBolus = t;
  }
  return { treatSteps, correctionSteps, divergent, different };
}

describe(`${liveMisspecifiedLife.name} draw streams`, () => {
  it("should live every life as before by default: fingerprints of a S2008 and a Hovorka life recorded on main (6e77b5c), 'shared' the same", () => {
    const uva = (drawStreams?: DrawStreams) =>
      liveMisspecifiedLife(new UvaPadovaMisspecifiedPlant({ index: 3, seed: 9 }, seededRandom('p')), {
        patientId: 'p',
        baseSubject: 'adolescent#004',
        days: 3,
        lifeKey: ['spec', 'fingerprint'],
        personKey: ['spec', 'person'],
        settings: { basalUnitsPerHour: 1.1, carbRatio: 9, correctionFactor: 30 },
        bolusCalculatorTargetMgDl: 120,
        behaviour: { mealScale: 1.1 },
        drawStreams,
      });
    const hovorka = liveMisspecifiedLife(new HovorkaWilinskaPlant(seededRandom('h', 1)), { patientId: 'h', baseSubject: 'h', days: 3, lifeKey: ['spec', 'fingerprint-h'] });
    expect(fingerprint(uva())).toBe('e7a4af9cdac84bdd');
    expect(fingerprint(uva('shared'))).toBe('e7a4af9cdac84bdd');
    expect(fingerprint(hovorka)).toBe('d13ff8be093d5f2d');
    expect(fingerprint(uva('per-purpose'))).not.toBe('e7a4af9cdac84bdd');
  });

  it('should reproduce a per-purpose life bit for bit, with the same meal plan as the shared life of its key', () => {
    const live = (drawStreams: DrawStreams): VirtualPatient =>
      liveMisspecifiedLife(new UvaPadovaMisspecifiedPlant({ index: 3, seed: 9 }, seededRandom('p')), { patientId: 'p', baseSubject: 'adolescent#004', days: 2, lifeKey: ['spec', 3], drawStreams });
    const sut = live('per-purpose');
    expect(fingerprint(live('per-purpose'))).toBe(fingerprint(sut));
    const logged = (vp: VirtualPatient) => vp.events.filter((e) => e.kind === 'meal' && e.id.includes('-meal-'));
    expect(logged(sut).length).toBeGreaterThan(4);
    expect(logged(sut)).toEqual(logged(live('shared')));
  });

  it('should give two per-purpose lives of one key on different settings the same meals, each with the same absorption', () => {
    const [a, b] = [waveLife(1, 'per-purpose', 1), waveLife(1.5, 'per-purpose', 1)];
    const planned = (arm: typeof a) => [...arm.plant.meals].filter(([, m]) => m.absorption === 1).map(([t, m]) => [t, m.absorptionDraw]);
    const logged = (arm: typeof a) => arm.vp.events.filter((e) => e.kind === 'meal' && e.id.includes('-meal-'));
    expect(planned(a).length).toBeGreaterThan(10);
    expect(planned(a).every(([, draw]) => draw !== undefined)).toBe(true);
    expect(planned(b)).toEqual(planned(a));
    expect(logged(b)).toEqual(logged(a));
    // the arms did diverge: their treatments differ
    expect([...a.plant.meals.keys()]).not.toEqual([...b.plant.meals.keys()]);
  });

  it('should give two per-purpose lives of one key on different settings the same sensor noise, and the same reaction draws wherever both can react', () => {
    const [a, b] = [waveLife(1, 'per-purpose'), waveLife(1.5, 'per-purpose')];
    // the arms' glucose differs by 10 mg/dL on even days: so do their readings, step by step, wherever the sensor does not clip
    const inRange = [...a.readings].filter(([t, r]) => r > 39 && r < 600 && b.readings.get(t)! > 39);
    expect(inRange.length).toBeGreaterThan(1000);
    for (const [t, r] of inRange) expect(b.readings.get(t)! - r).toBe(offsetOf(t, 1.5));
    const sut = reactionsCompared(a, b);
    expect(sut.divergent).toBeGreaterThan(10);
    expect(sut.treatSteps).toBeGreaterThanOrEqual(10);
    expect(sut.correctionSteps).toBeGreaterThanOrEqual(10);
    expect(sut.different).toEqual([]);
  });

  it('should not keep the arms aligned with the shared stream (what per-purpose fixes)', () => {
    const [a, b] = [waveLife(1, 'shared'), waveLife(1.5, 'shared')];
    expect(reactionsCompared(a, b).different.length).toBeGreaterThan(5);
    expect([...a.readings].filter(([t, r]) => r > 39 && b.readings.get(t)! > 39 && b.readings.get(t)! - r !== offsetOf(t, 1.5)).length).toBeGreaterThan(100);
  });

  it('should refuse an unknown draw-stream mode', () => {
    const options = { patientId: 'w', baseSubject: 'wave', days: 1, lifeKey: ['spec'], drawStreams: 'per-life' } as unknown as LifeOptions;
    expect(() => liveMisspecifiedLife(new WavePlant(), options)).toThrow(/drawStreams/);
  });
});
