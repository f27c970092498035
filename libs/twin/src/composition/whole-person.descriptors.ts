/**
 * Descriptors of the whole-person components (issue 13) for the component registry: body weight (Hall model),
 * blood pressure (antihypertensive PK/PD) and anticoagulation (Hamberg 2007 warfarin PK/PD). Each is chosen by the data that its model explains and started by them.
 */
import type { TwinEvent } from '../state/twin-event';
import { AnticoagulationComponent, WARFARIN_ATC } from './anticoagulation.component';
import { BloodPressureComponent } from './blood-pressure.component';
import { BodyWeightComponent } from './body-weight.component';
import { ComponentRegistry, type ComponentDescriptor } from './component-registry';
import { INR_CODES } from './inr-observation.model';
import { t1dDescriptor } from './t1d.descriptor';
import type { TwinProfile } from './compose-twin';
import { ObservationCodes, type ObservationCode } from './observation-codes';

const isReadingOf = (codes: readonly ObservationCode[]) => (event: TwinEvent): boolean => event.kind === 'observation' && codes.some((c) => c.loinc === event.loinc);
const hasStream = (profile: TwinProfile, codes: readonly ObservationCode[]): boolean => codes.some((c) => profile.streams.includes(c.loinc));

const WEIGHT_CODES = [ObservationCodes.bodyWeight, ObservationCodes.bmi];
const BP_CODES = [ObservationCodes.systolicBp, ObservationCodes.diastolicBp];

/** Body weight: chosen and started by weight or BMI readings; traits unknown to the twin come from population priors. */
export function bodyWeightDescriptor(): ComponentDescriptor {
  return {
    id: BodyWeightComponent.modelId,
    chooses: (profile) => (hasStream(profile, WEIGHT_CODES) ? 'body-weight data' : undefined),
    startsTwin: isReadingOf(WEIGHT_CODES),
    create: () => new BodyWeightComponent(),
  };
}

/**
 * Blood pressure: chosen and started by blood-pressure readings. The product reads them as office readings (a clinic's
 * FHIR data: the larger reading SD and the white-coat offset), the cautious choice while a reading does not say where
 * it was taken.
 */
export function bloodPressureDescriptor(): ComponentDescriptor {
  return {
    id: 'blood-pressure-pkpd',
    chooses: (profile) => (hasStream(profile, BP_CODES) ? 'blood-pressure readings' : undefined),
    startsTwin: isReadingOf(BP_CODES),
    create: () => new BloodPressureComponent({ setting: 'office' }),
  };
}

/**
 * Anticoagulation: chosen by INR readings or a warfarin dose, started by an INR reading. The genotype is unknown at
 * creation (a genotype event conditions the ensemble when the log replays it) and so is the ancestry: the mixture of the
 * three ancestries' genotypes.
 */
export function anticoagulationDescriptor(): ComponentDescriptor {
  return {
    id: AnticoagulationComponent.modelId,
    chooses: (profile) => (hasStream(profile, INR_CODES) ? 'INR readings' : profile.medications.includes(WARFARIN_ATC) ? 'warfarin doses' : undefined),
    startsTwin: isReadingOf(INR_CODES),
    create: () => new AnticoagulationComponent(),
  };
}

/** The whole-person registry of the product: T1D glucose (with `priorOf` its personal prior), body weight, blood pressure, anticoagulation. */
export function wholePersonRegistry(priorOf: (patientId: string) => Promise<Readonly<Record<string, number>>>): ComponentRegistry {
  return new ComponentRegistry().register(t1dDescriptor(priorOf)).register(bodyWeightDescriptor()).register(bloodPressureDescriptor()).register(anticoagulationDescriptor());
}
