import { T1dGlucoseComponent } from '@shuji/twin';
import { describe, expect, it } from 'vitest';
import { cohortOf, personOnStart, POOR_STARTS, scaledSettings, setUpPerson } from './t1d-validation-persons';

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
