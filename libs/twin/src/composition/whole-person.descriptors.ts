/**
 * Descriptors of the whole-person components (issue 13) for the component registry: body weight (Hall model), blood
 * pressure (antihypertensive PK/PD) and anticoagulation (Hamberg 2007 warfarin PK/PD). Each is chosen as the knowledge
 * base says (`chosenBy`: its model's readings or drugs, or a condition monitored by them) and started by its readings.
 */
import type { TwinEvent } from '../state/twin-event';
import { AnticoagulationComponent } from './anticoagulation.component';
import { BloodPressureComponent } from './blood-pressure.component';
import { BodyWeightComponent } from './body-weight.component';
import { ComponentRegistry, type ComponentDescriptor } from './component-registry';
import { INR_CODES } from './inr-observation.model';
import { glucoseDampedTrendDescriptor } from './glucose-damped-trend.descriptor';
import { chosenBy } from './knowledge-choice';
import { t1dDescriptor } from './t1d.descriptor';
import { ObservationCodes, type ObservationCode } from './observation-codes';

const isReadingOf = (codes: readonly ObservationCode[]) => (event: TwinEvent): boolean => event.kind === 'observation' && codes.some((c) => c.loinc === event.loinc);

const WEIGHT_CODES = [ObservationCodes.bodyWeight, ObservationCodes.bmi];
const BP_CODES = [ObservationCodes.systolicBp, ObservationCodes.diastolicBp];

/** Body weight: chosen and started by weight or BMI readings; traits unknown to the twin come from population priors. */
export function bodyWeightDescriptor(): ComponentDescriptor {
  return {
    id: BodyWeightComponent.modelId,
    chooses: chosenBy(BodyWeightComponent.modelId),
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
    chooses: chosenBy('blood-pressure-pkpd'),
    startsTwin: isReadingOf(BP_CODES),
    create: () => new BloodPressureComponent({ setting: 'office' }),
  };
}

/**
 * Anticoagulation: chosen by INR readings or a warfarin dose (the knowledge base's sufficient evidence), started by an
 * INR reading. The genotype is unknown at
 * creation (a genotype event conditions the ensemble when the log replays it) and so is the ancestry: the mixture of the
 * three ancestries' genotypes.
 */
export function anticoagulationDescriptor(): ComponentDescriptor {
  return {
    id: AnticoagulationComponent.modelId,
    chooses: chosenBy(AnticoagulationComponent.modelId),
    startsTwin: isReadingOf(INR_CODES),
    create: () => new AnticoagulationComponent(),
  };
}

/**
 * The whole-person registry of the product: T1D glucose (with `priorOf` its personal prior), CGM glucose without insulin
 * (yielding to T1D), body weight, blood pressure, anticoagulation.
 */
export function wholePersonRegistry(priorOf: (patientId: string) => Promise<Readonly<Record<string, number>>>): ComponentRegistry {
  return new ComponentRegistry().register(t1dDescriptor(priorOf)).register(glucoseDampedTrendDescriptor()).register(bodyWeightDescriptor()).register(bloodPressureDescriptor()).register(anticoagulationDescriptor());
}
