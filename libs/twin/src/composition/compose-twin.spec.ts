import { describe, expect, it } from 'vitest';
import { Atc, composeTwin, Snomed, type TwinProfile } from './compose-twin';
import { ObservationCodes } from './observation-codes';

const profile = (over: Partial<TwinProfile>): TwinProfile => ({ conditions: [], medications: [], streams: [], ...over });

describe(composeTwin.name, () => {
  it('should pick UVA/Padova for type 1 diabetes with CGM, explaining CGM and blood glucose', () => {
    const sut = composeTwin(profile({ conditions: [Snomed.type1Diabetes], streams: [ObservationCodes.cgmGlucose.loinc] }));
    expect(sut.map((c) => c.modelId)).toEqual(['uva-padova-s2008']);
    expect(sut[0].explains.map((c) => c.loinc)).toEqual(['99504-3', '2339-0', '41653-7']);
    expect(sut[0].assimilated).toBe(true);
  });

  it('should not pick the T1D model without glucose data, nor without the diagnosis', () => {
    expect(composeTwin(profile({ conditions: [Snomed.type1Diabetes] }))).toEqual([]);
    expect(composeTwin(profile({ streams: [ObservationCodes.cgmGlucose.loinc] }))).toEqual([]);
  });

  it('should carry the warfarin genotype when present and a wild-type prior otherwise', () => {
    const known = composeTwin(profile({ medications: [Atc.warfarin], genotype: { CYP2C9: '*1/*3', VKORC1: 'GA' } }));
    expect(known[0]).toMatchObject({ modelId: 'hamberg-warfarin', settings: { CYP2C9: '*1/*3', VKORC1: 'GA' }, reason: 'warfarin, genotype known' });
    const unknown = composeTwin(profile({ medications: [Atc.warfarin] }));
    expect(unknown[0].settings).toEqual({ CYP2C9: '*1/*1', VKORC1: 'GG' });
  });

  it('should compose several components for a person with several conditions and streams', () => {
    const sut = composeTwin(
      profile({
        conditions: [Snomed.type1Diabetes],
        medications: [Atc.amlodipine, Atc.warfarin],
        streams: [ObservationCodes.capillaryGlucose.loinc, ObservationCodes.bodyWeight.loinc],
      }),
    );
    expect(sut.map((c) => c.modelId)).toEqual(['uva-padova-s2008', 'hamberg-warfarin', 'amlodipine-bp', 'hall-body-weight']);
    expect(sut.find((c) => c.modelId === 'amlodipine-bp')?.explains).toEqual([ObservationCodes.systolicBp]);
  });
});
