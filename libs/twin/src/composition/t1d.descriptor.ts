import type { TwinEvent } from '../state/twin-event';
import type { ComponentDescriptor } from './component-registry';
import { Snomed, type TwinProfile } from './compose-twin';
import { ObservationCodes } from './observation-codes';
import { T1dGlucoseComponent } from './t1d-glucose.component';

/**
 * The T1D glucose component (UVA/Padova S2008): chosen by type 1 diabetes with glucose data, a CGM stream, or logged
 * insulin or meals. Started by what a T1D twin follows: CGM readings, insulin, meals; a lab glucose never starts one but is assimilated once the twin runs. `priorOf` gives its personal prior
 * parameters (the product's default: the UVA/Padova subject adult#001 as a phenotype).
 */
export function t1dDescriptor(priorOf: (patientId: string) => Promise<Readonly<Record<string, number>>>): ComponentDescriptor {
  return {
    id: T1dGlucoseComponent.modelId,
    chooses: (profile: TwinProfile) => {
      const glucose = [ObservationCodes.cgmGlucose, ObservationCodes.capillaryGlucose].some((c) => profile.streams.includes(c.loinc));
      if (profile.conditions.includes(Snomed.type1Diabetes) && glucose) return 'type 1 diabetes with glucose data';
      if (profile.streams.includes(ObservationCodes.cgmGlucose.loinc)) return 'a CGM stream';
      if (profile.inputs?.includes('insulin') === true) return 'insulin doses';
      if (profile.inputs?.includes('meal') === true) return 'logged meals';
      return undefined;
    },
    startsTwin: (event: TwinEvent) =>
      event.kind === 'meal' ||
      event.kind === 'insulin-bolus' ||
      event.kind === 'basal-rate' ||
      (event.kind === 'observation' && event.loinc === ObservationCodes.cgmGlucose.loinc),
    create: async (patientId: string, profile: TwinProfile) => new T1dGlucoseComponent({ prior: profile.t1dPrior ?? (await priorOf(patientId)) }),
  };
}
