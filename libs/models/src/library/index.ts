/**
 * The physiology model library beyond UVA/Padova. Each model folder holds its ModelSpec (`*.model.ts`, with
 * the paper and equation/table numbers), its scenario registration and a spec that reproduces published values.
 * `LIBRARY_REGISTRATIONS` is what the registry adds to its list.
 */
import type { ModelRegistration } from '../simulate/model-registration';
import { amlodipineBpRegistration } from './amlodipine-bp/amlodipine-bp.registration';
import { bergmanMinimalRegistration } from './bergman-minimal/bergman-minimal.registration';
import { hallBodyWeightRegistration } from './hall-body-weight/hall-body-weight.registration';
import { hambergWarfarinRegistration } from './hamberg-warfarin/hamberg-warfarin.registration';
import { hovorka2004Registration } from './hovorka-2004/hovorka-2004.registration';

export { BERGMAN_MINIMAL_MODEL } from './bergman-minimal/bergman-minimal.model';
export { HOVORKA_2004_MODEL } from './hovorka-2004/hovorka-2004.model';
export { HALL_BODY_WEIGHT_MODEL } from './hall-body-weight/hall-body-weight.model';
export { HAMBERG_WARFARIN_MODEL } from './hamberg-warfarin/hamberg-warfarin.model';
export { AMLODIPINE_BP_MODEL } from './amlodipine-bp/amlodipine-bp.model';
export * from './amlodipine-bp/antihypertensive-pkpd';
export * from './hamberg-warfarin/warfarin-genotype.util';
export * from './hamberg-warfarin/warfarin-population';
export { baselineIntake } from './hall-body-weight/hall-body-weight.registration';
export {
  bergmanMinimalRegistration,
  hovorka2004Registration,
  hallBodyWeightRegistration,
  hambergWarfarinRegistration,
  amlodipineBpRegistration,
};

export const LIBRARY_REGISTRATIONS: readonly ModelRegistration[] = [
  bergmanMinimalRegistration,
  hovorka2004Registration,
  hallBodyWeightRegistration,
  hambergWarfarinRegistration,
  amlodipineBpRegistration,
];
