import { describe, expect, it } from 'vitest';
import { ProfileComponentFactory, NoComponentChosenError } from '../state/profile-component.factory';
import type { TwinEvent } from '../state/twin-event';
import { shuffleWithin, weightRelaxationDescriptor } from '../testing/composite-twin.fixtures';
import { ComponentRegistry } from './component-registry';
import { CompositeComponent } from './composite.component';
import { ObservationCodes } from './observation-codes';
import { glucoseDampedTrendDescriptor } from './glucose-damped-trend.descriptor';
import { t1dDescriptor } from './t1d.descriptor';
import { EMPTY_PROFILE, profileFromEvents, profileWithEvent } from './twin-profile';

const base = { patientId: 'p', timeMs: 0 };
const cgm: TwinEvent = { ...base, id: 'c', kind: 'observation', loinc: ObservationCodes.cgmGlucose.loinc, value: 120, unit: 'mg/dL' };
const lab: TwinEvent = { ...base, id: 'l', kind: 'observation', loinc: '2339-0', value: 104, unit: 'mg/dL' };
const weight: TwinEvent = { ...base, id: 'w', kind: 'observation', loinc: ObservationCodes.bodyWeight.loinc, value: 80, unit: 'kg' };
const warfarin: TwinEvent = { ...base, id: 'd', kind: 'medication-dose', atc: 'B01AA03', mg: 5 };
const bolus: TwinEvent = { ...base, id: 'b', kind: 'insulin-bolus', units: 4 };
const meal: TwinEvent = { ...base, id: 'm', kind: 'meal', carbsG: 50 };
const gene = (result: string, id: string): TwinEvent => ({ ...base, id, kind: 'genotype', gene: 'CYP2C9', result });
const t1d = t1dDescriptor(() => Promise.resolve({}));
const TYPE_1_DIABETES = '46635009'; // SNOMED CT
const CGM_STREAM = 'readings of Glucose [Mass/volume] in Interstitial fluid (CGM) (LOINC 99504-3), explained by glucose-damped-trend';
const T1D_WITH_CGM = 'Diabetes mellitus type 1 (SNOMED 46635009) is monitored by 99504-3, explained by uva-padova-s2008';
const dampedTrend = glucoseDampedTrendDescriptor();
const T1D_WITH_METER = 'Diabetes mellitus type 1 (SNOMED 46635009) is monitored by 41653-7, explained by uva-padova-s2008';

describe(profileWithEvent.name, () => {
  it('should record streams, drugs, genotypes and input kinds, returning the same profile when nothing is new', () => {
    const sut = profileFromEvents([cgm, lab, warfarin, bolus, gene('*1/*3', 'g1'), { ...base, id: 'a', kind: 'activity-level', pal: 1.6 }]);
    expect(sut).toEqual({ conditions: [], medications: ['B01AA03'], streams: ['2339-0', '99504-3'], inputs: ['activity', 'insulin'], genotype: { CYP2C9: '*1/*3' } });
    expect(profileWithEvent(sut, { ...cgm, id: 'c2' })).toBe(sut);
    expect(profileWithEvent(sut, gene('*1/*3', 'g2'))).toBe(sut);
  });

  it('should not depend on the order of the events', () => {
    const log = [cgm, lab, warfarin, bolus, meal, weight, gene('*1/*3', 'g1'), gene('*1/*1', 'g2')];
    const sut = profileFromEvents(log);
    for (const k of [1, 2, 3]) expect(profileFromEvents(shuffleWithin(log, log.length, `order-${k}`))).toEqual(sut);
    expect(sut.genotype).toEqual({ CYP2C9: '*1/*1,*1/*3' });
  });
});

describe(ComponentRegistry.name, () => {
  const sut = new ComponentRegistry().register(t1d).register(dampedTrend).register(weightRelaxationDescriptor);

  it('should choose in registration order and say why', () => {
    expect(sut.choose(profileFromEvents([weight, cgm])).map((c) => [c.descriptor.id, c.reason])).toEqual([
      ['glucose-damped-trend', CGM_STREAM],
      ['test-weight-relaxation', 'body-weight data'],
    ]);
    expect(sut.choose({ ...EMPTY_PROFILE, conditions: [TYPE_1_DIABETES], streams: [ObservationCodes.capillaryGlucose.loinc] })[0].reason).toBe(T1D_WITH_METER);
    // a meter or lab glucose alone, or the diagnosis with only a lab glucose, calls for no glucose twin
    expect(sut.choose({ ...EMPTY_PROFILE, streams: [ObservationCodes.capillaryGlucose.loinc, ObservationCodes.bloodGlucose.loinc] })).toEqual([]);
    expect(sut.choose({ ...EMPTY_PROFILE, conditions: [TYPE_1_DIABETES], streams: [ObservationCodes.bloodGlucose.loinc] })).toEqual([]);
    expect(sut.choose(profileFromEvents([lab, warfarin]))).toEqual([]);
    expect(() => new ComponentRegistry().register(t1d).register(t1d)).toThrow(/uva-padova-s2008 is registered already/);
  });

  it('should let an event start a twin only when it also chooses a component (every registered descriptor)', () => {
    const events = [cgm, lab, weight, warfarin, bolus, meal, gene('*1/*3', 'g'), { ...base, id: 'a', kind: 'activity-level', pal: 1.6 } as TwinEvent];
    for (const d of sut.descriptors) {
      for (const e of events) if (d.startsTwin(e)) expect(d.chooses(profileWithEvent(EMPTY_PROFILE, e)), `${d.id} on ${e.kind}`).toBeDefined();
    }
    expect(events.filter((e) => sut.startsTwin(e)).map((e) => e.id)).toEqual(['c', 'w', 'b']);
  });

  it('should give a person with CGM and no type 1 diabetes the damped-trend model, never the T1D model, and yield to T1D once it is known', () => {
    const ids = (p: Parameters<typeof sut.choose>[0]): string[] => sut.choose(p).map((c) => c.descriptor.id);
    expect(ids(profileFromEvents([cgm, meal, lab]))).toEqual(['glucose-damped-trend']);
    expect(ids(profileFromEvents([cgm, bolus]))).toEqual(['uva-padova-s2008']);
    expect(sut.choose({ ...profileFromEvents([cgm]), conditions: [TYPE_1_DIABETES] }).map((c) => [c.descriptor.id, c.reason])).toEqual([['uva-padova-s2008', T1D_WITH_CGM]]);
    // the T1D-only factory of the simulators takes everyone to have type 1 diabetes
    const everyone = t1dDescriptor(() => Promise.resolve({}), { everyoneHasType1: true });
    expect(everyone.chooses(profileFromEvents([cgm]))).toBe('CGM readings of a person taken to have type 1 diabetes');
    expect(everyone.startsTwin(meal)).toBe(true);
  });
});

describe(ProfileComponentFactory.name, () => {
  const sut = new ProfileComponentFactory(new ComponentRegistry().register(t1d).register(dampedTrend).register(weightRelaxationDescriptor));

  it('should give one chosen component bare, several as a composite, and refuse a profile that chooses none', async () => {
    const one = await sut.layout('p', [cgm]);
    expect(one.key).toBe('glucose-damped-trend');
    expect(await sut.create('p', one)).not.toBeInstanceOf(CompositeComponent);
    const two = sut.extend(one, weight);
    expect(two.key).toBe('glucose-damped-trend+test-weight-relaxation');
    expect(two.chosen).toEqual([{ id: 'glucose-damped-trend', reason: CGM_STREAM }, { id: 'test-weight-relaxation', reason: 'body-weight data' }]);
    expect(await sut.create('p', two)).toBeInstanceOf(CompositeComponent);
    expect(sut.extend(two, { ...weight, id: 'w2' })).toBe(two);
    // insulin: the T1D model replaces the damped-trend one (a new key, so the service rebuilds the twin)
    expect(sut.extend(two, bolus).key).toBe('uva-padova-s2008+test-weight-relaxation');
    await expect(sut.create('p', await sut.layout('p', [lab]))).rejects.toBeInstanceOf(NoComponentChosenError);
  });

  it('should add what is known of the person outside the log', async () => {
    const known = new ProfileComponentFactory(new ComponentRegistry().register(t1d), () =>
      Promise.resolve({ ...EMPTY_PROFILE, conditions: [TYPE_1_DIABETES] }),
    );
    expect((await known.layout('p', [{ ...lab, loinc: ObservationCodes.capillaryGlucose.loinc }])).chosen).toEqual([{ id: 'uva-padova-s2008', reason: T1D_WITH_METER }]);
  });
});
