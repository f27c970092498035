import { seededRandom } from '@shuji/stats';
import { describe, expect, it } from 'vitest';
import { profileWithEvent, EMPTY_PROFILE } from './twin-profile';
import { BodyWeightComponent } from './body-weight.component';
import { CompositeComponent } from './composite.component';
import { NO_INPUTS } from './known-inputs';
import type { EnsembleComponent } from './twin-component';
import { anticoagulationDescriptor, bloodPressureDescriptor, bodyWeightDescriptor, wholePersonRegistry } from './whole-person.descriptors';

const reading = (loinc: string, value: number) => ({ kind: 'observation' as const, id: `r-${loinc}`, patientId: 'p', timeMs: 0, loinc, value, unit: '' });

describe('whole-person descriptors', () => {
  it('should be chosen and started by the readings their models explain, and by nothing else', () => {
    const weight = bodyWeightDescriptor();
    const bp = bloodPressureDescriptor();
    const inr = anticoagulationDescriptor();
    for (const [descriptor, own, other] of [
      [weight, reading('29463-7', 80), reading('8480-6', 140)],
      [bp, reading('8480-6', 140), reading('29463-7', 80)],
      [inr, reading('6301-6', 2.4), reading('8480-6', 140)],
      [inr, reading('34714-6', 2.4), reading('29463-7', 80)],
    ] as const) {
      expect(descriptor.startsTwin(own)).toBe(true);
      expect(descriptor.chooses(profileWithEvent(EMPTY_PROFILE, own))).toBeDefined();
      expect(descriptor.startsTwin(other)).toBe(false);
      expect(descriptor.chooses(profileWithEvent(EMPTY_PROFILE, other))).toBeUndefined();
    }
    expect(weight.chooses(profileWithEvent(EMPTY_PROFILE, reading('39156-5', 27)))).toBe('readings of Body mass index (BMI) [Ratio] (LOINC 39156-5), explained by hall-body-weight');
    expect(bp.chooses({ ...profileWithEvent(EMPTY_PROFILE, reading('8462-4', 90)), conditions: ['38341003'] })).toBe(
      'Hypertensive disorder, systemic arterial (SNOMED 38341003) is monitored by 8462-4, explained by blood-pressure-pkpd',
    );
  });

  it('should choose anticoagulation on a warfarin dose without starting a twin on it, and not on another drug', () => {
    const sut = anticoagulationDescriptor();
    const dose = (atc: string) => ({ kind: 'medication-dose' as const, id: `d-${atc}`, patientId: 'p', timeMs: 0, atc, mg: 5 });
    expect(sut.chooses(profileWithEvent(EMPTY_PROFILE, dose('B01AA03')))).toBe('doses of warfarin (ATC B01AA03), explained by hamberg-warfarin');
    expect(sut.startsTwin(dose('B01AA03'))).toBe(false);
    expect(sut.chooses(profileWithEvent(EMPTY_PROFILE, dose('C08CA01')))).toBeUndefined();
    expect(wholePersonRegistry(() => Promise.resolve({})).descriptors.map((d) => d.id)).toContain('hamberg-warfarin');
  });
});

describe('CompositeComponent gaps', () => {
  /** A stand-in fast component that may integrate 6 h at most and marks a restart in its one entry. */
  const fast: EnsembleComponent = {
    id: 'fast@1',
    observe: () => null,
    observationVariance: () => 1,
    project: () => undefined,
    isPlausibleReading: () => true,
    size: 1,
    explains: [],
    variables: [],
    localisation: new Float64Array(1),
    maxGapMin: 360,
    initialEnsemble: (_rng, n) => Array.from({ length: n }, () => Float64Array.of(0)),
    propagate: (members) => members.forEach((m) => (m[0] += 1)),
    restart: (members) => members.map(() => Float64Array.of(-1)),
    redrawParameters: () => [],
  };

  it('should restart a part past its own gap while a slower part integrates the same gap', () => {
    const slow = new BodyWeightComponent();
    slow.restart = () => {
      throw new Error('the weight part must integrate a two-day gap, not restart');
    };
    const sut = new CompositeComponent([fast, slow]);
    expect(sut.maxGapMin).toBe(60 * 1440);
    const members = sut.initialEnsemble(seededRandom('gap'), 4);
    sut.propagate(members, 0, 2 * 1440, NO_INPUTS, seededRandom('gap', 1)); // two days: past 6 h, within 60 days
    expect(members.every((m) => m[0] === -1)).toBe(true);
    sut.propagate(members, 2 * 1440, 2 * 1440 + 60, NO_INPUTS, seededRandom('gap', 2)); // an hour: both integrate
    expect(members.every((m) => m[0] === 0)).toBe(true);
  });

  it('should forecast one reading with the part that explains it', () => {
    const sut = new CompositeComponent([fast, new BodyWeightComponent()]);
    expect(sut.partFor('29463-7')).toMatchObject({ offset: 1 });
    expect(sut.partFor('29463-7')?.component).toBeInstanceOf(BodyWeightComponent);
    expect(sut.partFor('8480-6')).toBeUndefined();
  });
});
