/**
 * The CDS services Shuji offers (discovery, `GET /cds-services`). Prefetch templates use the specification's
 * `{{context.patientId}}` token; a client that cannot prefetch may send none, and the service then works from what
 * Shuji holds of the patient (its stored observations and twin) only.
 */
import type { CdsServiceDefinition } from './cds-hooks.types';

export const CDS_SOURCE = { label: 'Shuji digital twin' } as const;

/** Override reasons offered with every actionable card (system of our own: no standard value set covers them). */
export const OVERRIDE_REASON_SYSTEM = 'urn:shuji:cds:override-reason';
export const OVERRIDE_REASONS = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'clinical-judgement', display: 'Clinical judgement: the patient differs from the model' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'data-out-of-date', display: 'The data behind it are out of date' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'patient-preference', display: 'Patient preference' },
] as const;

export const CDS_SERVICES: readonly CdsServiceDefinition[] = [
  {
    hook: 'patient-view',
    id: 'shuji-patient-view',
    title: 'Shuji twin: risks and open recommendations',
    description: "The twin's risk flags (time below range, blood pressure, INR) and the patient's recommendations awaiting a decision.",
    prefetch: {},
  },
  {
    hook: 'order-select',
    id: 'shuji-order-select',
    title: 'Shuji twin: warfarin and antihypertensive orders',
    description: 'For a drafted warfarin order, the model-based weekly dose (Hamberg 2007 model, genotype and interacting drugs); for amlodipine, the labelled maximum.',
    prefetch: {
      patient: 'Patient/{{context.patientId}}',
      genotypes: 'Observation?patient={{context.patientId}}&code=http://loinc.org|84413-4',
      observations: 'Observation?patient={{context.patientId}}&code=http://loinc.org|8302-2,http://loinc.org|29463-7&_sort=-date',
      medications: 'MedicationRequest?patient={{context.patientId}}&status=active',
    },
  },
  {
    hook: 'order-sign',
    id: 'shuji-order-sign',
    title: 'Shuji twin: warfarin and antihypertensive orders at signing',
    description: 'As shuji-order-select, on the orders about to be signed.',
    prefetch: {
      patient: 'Patient/{{context.patientId}}',
      genotypes: 'Observation?patient={{context.patientId}}&code=http://loinc.org|84413-4',
      observations: 'Observation?patient={{context.patientId}}&code=http://loinc.org|8302-2,http://loinc.org|29463-7&_sort=-date',
      medications: 'MedicationRequest?patient={{context.patientId}}&status=active',
    },
  },
];

export function cdsServiceById(id: string): CdsServiceDefinition | undefined {
  return CDS_SERVICES.find((s) => s.id === id);
}
