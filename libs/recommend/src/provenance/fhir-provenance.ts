/**
 * A stored recommendation's provenance as a FHIR R4 Provenance resource (https://hl7.org/fhir/R4/provenance.html):
 * the target is the recommendation (`urn:uuid:<id>`), `recorded` when it was made, the agents Shuji's code (assembler)
 * and the principal who asked (enterer), the entities the models, sources and twin it rests on (role `source`).
 * Clinicians' decisions are not in it: each is its own record (GET /v1/recommendations/:id).
 */
import type { RecommendationProvenance } from './recommendation-record';
import { isTwinBasis } from './twin-recommendation';

export interface ProvenanceSubject {
  readonly id: string;
  readonly headline: string;
  readonly patientId: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly provenance: RecommendationProvenance;
}

const PARTICIPANT_TYPE = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';

function twinDisplay(twin: NonNullable<RecommendationProvenance['twin']>): string {
  const base = `digital twin revision ${twin.revision}: ${twin.components.join(', ')}`;
  return isTwinBasis(twin) ? `${base}; folded from its event log through ${twin.log_mark} (events SHA-256 ${twin.events_sha256})` : base;
}

export function fhirProvenance(subject: ProvenanceSubject): Readonly<Record<string, unknown>> {
  const p = subject.provenance;
  const entity = (display: string) => ({ role: 'source', what: { display } });
  return {
    resourceType: 'Provenance',
    id: subject.id,
    target: [{ reference: `urn:uuid:${subject.id}`, display: subject.headline }],
    recorded: subject.createdAt.toISOString(),
    activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE', display: 'create' }] },
    agent: [
      { type: { coding: [{ system: PARTICIPANT_TYPE, code: 'assembler', display: 'Assembler' }] }, who: { display: `Shuji ${p.code_version}` } },
      { type: { coding: [{ system: PARTICIPANT_TYPE, code: 'enterer', display: 'Enterer' }] }, who: { display: subject.createdBy } },
    ],
    entity: [
      ...p.models.map((m) => entity(`model ${m.id} ${m.version}${p.seed === null ? '' : `, seed ${p.seed}`}`)),
      ...p.sources.map(entity),
      ...(p.twin === null || subject.patientId === null ? [] : [{ role: 'source', what: { reference: `Patient/${subject.patientId}`, display: twinDisplay(p.twin) } }]),
      ...(isTwinBasis(p.twin) ? p.twin.observations.map((o) => entity(`${o.count} observations of LOINC ${o.loinc}, ${o.first} to ${o.last}`)) : []),
    ],
  };
}
