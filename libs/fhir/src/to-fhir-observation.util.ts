import { UCUM_SYSTEM, type CanonicalObservation } from './canonical-observation';
import { deterministicUuid } from './deterministic-uuid.util';
import type { Bundle, Observation } from './fhir-types';

/** Modality → R4 observation-category code, for answering searches. */
const CATEGORY: Readonly<Record<CanonicalObservation['modality'], string>> = {
  vital: 'vital-signs',
  wearable: 'vital-signs',
  cgm: 'laboratory',
  lab: 'laboratory',
  activity: 'activity',
  meal: 'survey',
  medication: 'therapy',
  note: 'survey',
  genomic: 'laboratory',
};

/**
 * The Observation id of a stored record: a name-based UUID of its key (patient, source, event id). An event id is
 * unique per patient and source only, and a device's may hold characters an R4 id may not (`:`, `_`, over 64).
 */
export function observationResourceId(record: Pick<CanonicalObservation, 'patientId' | 'source' | 'eventId'>): string {
  return deterministicUuid(`Observation|${record.patientId}|${record.source}|${record.eventId}`);
}

/** A stored canonical record as an R4 Observation (its id from its key, observationResourceId), for `GET /fhir/Observation`. */
export function toFhirObservation(record: CanonicalObservation): Observation {
  const v = record.value;
  const value =
    v.kind === 'quantity'
      ? { valueQuantity: { value: v.value, unit: v.unit, system: UCUM_SYSTEM, code: v.unit } }
      : v.kind === 'coded'
        ? { valueCodeableConcept: { coding: [{ system: v.system, code: v.code, ...(v.display !== undefined ? { display: v.display } : {}) }] } }
        : { valueString: v.text };
  return {
    resourceType: 'Observation',
    id: observationResourceId(record),
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: CATEGORY[record.modality] }] }],
    code: { coding: [{ system: record.codeSystem, code: record.code, ...(record.display !== undefined ? { display: record.display } : {}) }] },
    subject: { reference: `Patient/${record.patientId}` },
    effectiveDateTime: record.effectiveTime,
    issued: record.receivedTime,
    ...value,
  };
}

/** An R4 searchset Bundle of observations. */
export function toSearchsetBundle(records: readonly CanonicalObservation[], fhirBase: string, searchPath: string): Bundle<Observation> {
  // absolute URLs throughout: Bundle.entry.fullUrl must be absolute for a resource on a RESTful server (R4 bdl-8 and
  // the HAPI validator), and the self link is what the client can call again
  const base = fhirBase.replace(/\/+$/, '');
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: records.length,
    link: [{ relation: 'self', url: `${base}${searchPath.startsWith('/') ? '' : '/'}${searchPath}` }],
    entry: records.map((r) => ({ fullUrl: `${base}/Observation/${observationResourceId(r)}`, resource: toFhirObservation(r), search: { mode: 'match' as const } })),
  };
}
