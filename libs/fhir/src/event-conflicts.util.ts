import type { CanonicalObservation } from './canonical-observation';

/** An event's key: its id is unique per patient and source (a device's `event_id`, a FHIR Observation's id and version). */
export function eventKey(record: Pick<CanonicalObservation, 'patientId' | 'source' | 'eventId'>): string {
  return `${record.patientId}\u0000${record.source}\u0000${record.eventId}`;
}

/** What makes two records with one key the same event (a re-send may differ in receipt time and display). */
function content(record: CanonicalObservation): string {
  return JSON.stringify([record.codeSystem, record.code, record.value, record.effectiveTime]);
}

/**
 * The records of one request whose key an earlier record of the same request holds with other content: two
 * different values under one id are a conflict (409 naming the id), never a silent first-write-wins.
 */
export function findInRequestConflicts(records: readonly CanonicalObservation[]): CanonicalObservation[] {
  const seen = new Map<string, string>();
  const conflicts: CanonicalObservation[] = [];
  for (const r of records) {
    const key = eventKey(r);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, content(r));
    else if (first !== content(r)) conflicts.push(r);
  }
  return conflicts;
}
