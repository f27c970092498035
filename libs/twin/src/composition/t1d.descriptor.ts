import type { TwinEvent } from '../state/twin-event';
import type { ComponentDescriptor } from './component-registry';
import { chosenBy } from './knowledge-choice';
import { T1dGlucoseComponent } from './t1d-glucose.component';
import type { TwinProfile } from './twin-profile';
import { ObservationCodes } from './observation-codes';

export interface T1dDescriptorOptions {
  /**
   * Takes every person to have type 1 diabetes, so that CGM readings or meals alone choose and start the T1D twin: the
   * T1D-only factory of the simulators' tests, benches and validation (T1dComponentFactory), never the product.
   */
  readonly everyoneHasType1?: boolean;
}

/**
 * The T1D glucose component (UVA/Padova S2008): chosen as the knowledge base says (type 1 diabetes monitored by meter or
 * CGM readings: knowledge-choice.ts), or by logged insulin (event kinds, not codes). A CGM stream or logged meals alone
 * do not choose it: most people with CGM do not inject insulin, and a model of insulin action that never sees insulin
 * is the wrong twin for them (issue 14); they get the damped-trend glucose component (glucose-damped-trend.descriptor.ts),
 * which yields to this one once insulin or the diagnosis is known. Started by insulin; CGM readings start the
 * damped-trend twin, which is rebuilt with this component when insulin arrives. A lab glucose never starts one. `priorOf` gives its personal prior parameters (the product's default: the UVA/Padova subject
 * adult#001 as a phenotype).
 */
export function t1dDescriptor(priorOf: (patientId: string) => Promise<Readonly<Record<string, number>>>, options: T1dDescriptorOptions = {}): ComponentDescriptor {
  const byKnowledge = chosenBy(T1dGlucoseComponent.modelId);
  const everyoneT1d = options.everyoneHasType1 === true;
  return {
    id: T1dGlucoseComponent.modelId,
    chooses: (profile: TwinProfile) => {
      const fromKnowledge = byKnowledge(profile);
      if (fromKnowledge !== undefined) return fromKnowledge;
      if (profile.inputs?.includes('insulin') === true) return 'insulin doses';
      if (everyoneT1d && profile.streams.includes(ObservationCodes.cgmGlucose.loinc)) return 'CGM readings of a person taken to have type 1 diabetes';
      if (everyoneT1d && profile.inputs?.includes('meal') === true) return 'logged meals of a person taken to have type 1 diabetes';
      return undefined;
    },
    startsTwin: (event: TwinEvent) =>
      event.kind === 'insulin-bolus' ||
      event.kind === 'basal-rate' ||
      (everyoneT1d && (event.kind === 'meal' || (event.kind === 'observation' && event.loinc === ObservationCodes.cgmGlucose.loinc))),
    create: async (patientId: string, profile: TwinProfile) => new T1dGlucoseComponent({ prior: profile.t1dPrior ?? (await priorOf(patientId)) }),
  };
}
