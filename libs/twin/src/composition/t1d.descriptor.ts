import type { TwinEvent } from '../state/twin-event';
import type { ComponentDescriptor } from './component-registry';
import { chosenBy } from './knowledge-choice';
import { ObservationCodes } from './observation-codes';
import { T1dGlucoseComponent } from './t1d-glucose.component';
import type { TwinProfile } from './twin-profile';

/**
 * The T1D glucose component (UVA/Padova S2008): chosen as the knowledge base says (type 1 diabetes monitored by meter or
 * CGM readings, or a CGM stream alone: knowledge-choice.ts), or by logged insulin or meals (event kinds, not codes).
 * Started by what a T1D twin follows: CGM readings, insulin, meals; a lab glucose never starts one but is assimilated
 * once the twin runs. `priorOf` gives its personal prior parameters (the product's default: the UVA/Padova subject
 * adult#001 as a phenotype).
 */
export function t1dDescriptor(priorOf: (patientId: string) => Promise<Readonly<Record<string, number>>>): ComponentDescriptor {
  const byKnowledge = chosenBy(T1dGlucoseComponent.modelId);
  return {
    id: T1dGlucoseComponent.modelId,
    chooses: (profile: TwinProfile) => {
      const fromKnowledge = byKnowledge(profile);
      if (fromKnowledge !== undefined) return fromKnowledge;
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
