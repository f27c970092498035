import type { TwinEvent } from '@shuji/twin';

/** Insulin lispro, the demo persons' pump insulin. */
const INSULIN_LISPRO = 'http://www.whocc.no/atc|A10AB04';
/** Carbohydrate intake (LOINC 9059-7), how the device format takes a meal. */
const CARBS_LOINC = '9059-7';

/** One item of the compact device format (`POST /v1/ingest/observations`) for a device event of a virtual person. */
export function deviceItem(e: TwinEvent, source: string): Record<string, unknown> {
  const base = { patient_id: e.patientId, time: new Date(e.timeMs).toISOString(), event_id: e.id, source };
  switch (e.kind) {
    case 'observation':
      return { ...base, code: e.loinc, value: e.value, unit: e.unit };
    case 'meal':
      return { ...base, code: CARBS_LOINC, value: e.carbsG, unit: 'g' };
    case 'insulin-bolus':
      return { ...base, code: INSULIN_LISPRO, value: e.units, unit: 'U' };
    case 'basal-rate':
      return { ...base, code: INSULIN_LISPRO, value: e.unitsPerHour, unit: 'U/h' };
    default:
      throw new RangeError(`a virtual device sends no ${e.kind} events`);
  }
}

