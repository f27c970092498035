import { T1dGlucoseComponent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { cohortOf, firstAtMost, liveOn, personOnStart, POOR_IN_TRUTH, POOR_STARTS, scaledSettings, setUpPerson } from './t1d-validation-persons';

const options = { truth: 's2008-misspecified' as const, role: 'tuning' as const, count: 5 };

describe(scaledSettings.name, () => {
  it('should scale basal and ratio at the pump resolution and keep the correction factor', () => {
    expect(scaledSettings({ basalUnitsPerHour: 0.83, carbRatio: 10.3, correctionFactor: 42.4 }, 0.7, 1.3)).toEqual({ basalUnitsPerHour: 0.58, carbRatio: 13.4, correctionFactor: 42 });
  });
});

describe(personOnStart.name, () => {
  const { positions, perSubject } = cohortOf(options);

  it('should scale the given base by the cycled poor-start factors instead of the physiological settings', () => {
    const physiological = personOnStart(options, 1, positions[1], perSubject);
    const base = { basalUnitsPerHour: 2, carbRatio: 20, correctionFactor: 50 };
    const moved = personOnStart({ ...options, startBases: { [physiological.person.patientId]: base } }, 1, positions[1], perSubject);
    const [b, r] = POOR_STARTS[1];
    expect(moved.start).toEqual(scaledSettings(base, b, r));
    expect(moved.start).not.toEqual(physiological.start);
  });

  it('should refuse bases that lack the person', () => {
    expect(() => personOnStart({ ...options, startBases: {} }, 0, positions[0], perSubject)).toThrow(RangeError);
  });
});

describe(firstAtMost.name, () => {
  it('should give the first index at most the bound, asking no further, and the last when none is', () => {
    const asked: number[] = [];
    const valueOf = (values: number[]) => (i: number) => (asked.push(i), values[i]);
    expect(firstAtMost(valueOf([70, 61, 60, 50]), 4, 60)).toBe(2);
    expect(asked).toEqual([0, 1, 2]);
    asked.length = 0;
    expect(firstAtMost(valueOf([70, 65, 62]), 3, 60)).toBe(2);
    // the last is the answer whatever its value: it is not asked
    expect(asked).toEqual([0, 1]);
    expect(firstAtMost(valueOf([10]), 1, 60)).toBe(0);
    expect(() => firstAtMost(valueOf([]), 0, 60)).toThrow(RangeError);
  });
});

describe('personOnStart with starts poor in truth', () => {
  const { positions, perSubject } = cohortOf(options);
  const poor = { ...options, starts: 'poor-in-truth' as const };
  const referenceTir = (n: number, factors: readonly [number, number]): number => {
    const { person, plant, behaviour } = personOnStart(options, n, positions[n], perSubject);
    const settings = scaledSettings({ basalUnitsPerHour: plant.basalUnitsPerHour, ...plant.therapy }, ...factors);
    return POOR_IN_TRUTH.referenceLives.reduce((s, tag) => s + liveOn(person, settings, 14, behaviour, tag).tir, 0) / POOR_IN_TRUTH.referenceLives.length;
  };

  it("should push the usual factors only as far as the person's true TIR on the reference lives needs", () => {
    // person 0 (basal ×0.7, ratio ×1.3) and person 1 (basal ×1.4)
    for (const n of [0, 1]) {
      const sut = personOnStart(poor, n, positions[n], perSubject);
      const [b, r] = POOR_STARTS[n];
      const e = sut.poorStart!.exponent;
      expect(POOR_IN_TRUTH.exponents).toContain(e);
      expect([sut.basalFactor, sut.carbRatioFactor]).toEqual([Math.round(b ** e * 100) / 100, Math.round(r ** e * 100) / 100]);
      expect(sut.poorStart!.referenceTir).toBeCloseTo(referenceTir(n, [sut.basalFactor, sut.carbRatioFactor]), 9);
      expect(sut.poorStart!.referenceTir <= POOR_IN_TRUTH.maxTirPercent || e === 2).toBe(true);
      const i = POOR_IN_TRUTH.exponents.indexOf(e as 1);
      if (i > 0) {
        const before = POOR_IN_TRUTH.exponents[i - 1];
        expect(referenceTir(n, [Math.round(b ** before * 100) / 100, Math.round(r ** before * 100) / 100])).toBeGreaterThan(POOR_IN_TRUTH.maxTirPercent);
      }
    }
  });

  it('should keep the usual starts by default and refuse an unknown kind', () => {
    const usual = personOnStart(options, 0, positions[0], perSubject);
    expect(usual.poorStart).toBeUndefined();
    expect([usual.basalFactor, usual.carbRatioFactor]).toEqual(POOR_STARTS[0]);
    expect(() => personOnStart({ ...options, starts: 'awful' as 'usual' }, 0, positions[0], perSubject)).toThrow(RangeError);
  });
});

describe('setUpPerson with the oracle twin', () => {
  // the filter's inflation moves the members a few per cent from the truth over a day (≤ 7 % measured; ≤ 10 % over 3)
  it("should give every member the true person's own S2008 parameters (within 15 % after a day of data)", () => {
    const { positions, perSubject } = cohortOf(options);
    const { person, twin } = setUpPerson({ ...options, twin: 'oracle', ensembleSize: 4, dataDays: 1 }, 0, positions[0], perSubject);
    const truth = person.plant().parameters;
    const component = twin.component as T1dGlucoseComponent;
    for (const member of twin.ensemble) {
      const packed = component.parameters(member);
      for (const name of ['Vmx', 'kp3', 'kabs', 'p2u', 'u2ss', 'ki', 'BW']) expect(Math.abs(packed[component.model.parameterIndex(name)] / truth[name] - 1)).toBeLessThan(0.15);
    }
  });

  it('should refuse a truth that is not S2008', () => {
    expect(() => setUpPerson({ truth: 'hovorka', role: 'tuning', count: 1, twin: 'oracle' }, 0, 0, 1)).toThrow(RangeError);
  });
});
