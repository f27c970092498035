import type { PatientIdentifier, PatientIndex } from './canonical-observation';
import type { IssueType } from './fhir-types';

/** What a bundle knows about its own entries: fullUrl → resource, and the patients it carries. */
export interface BundleReferenceIndex {
  /** fullUrl (urn:uuid:…, or absolute URL) → type and the id Shuji gives the resource. */
  readonly byFullUrl: ReadonlyMap<string, { readonly resourceType: string; readonly id: string }>;
  /** Patients in the bundle with their resolved ids and identifiers. */
  readonly patients: readonly { readonly id: string; readonly identifiers: readonly PatientIdentifier[] }[];
}

export type ResolvedReference = { readonly ok: true; readonly patientId: string } | { readonly ok: false; readonly code: IssueType; readonly message: string };

const ID = '[A-Za-z0-9\\-.]{1,64}';
const LITERAL_PATIENT = new RegExp(`^(?:https?://\\S+/)?Patient/(${ID})(?:/_history/${ID})?$`);

/**
 * Resolves a reference to a patient id (R4 §2.36.0.3 "Resolving references in Bundles", and §3.1.0.8.4 conditional
 * references in transactions): a fullUrl in the same bundle (`urn:uuid:…`), a literal `Patient/<id>` (relative
 * or absolute), or a conditional `Patient?identifier=[system|]value` matched first against the bundle's own
 * patients, then against `index`. No match, or more than one, is an error, as the spec requires.
 */
export function resolvePatientReference(reference: string, bundle: BundleReferenceIndex | undefined, index: PatientIndex): ResolvedReference {
  const inBundle = bundle?.byFullUrl.get(reference);
  if (inBundle !== undefined) {
    return inBundle.resourceType === 'Patient'
      ? { ok: true, patientId: inBundle.id }
      : { ok: false, code: 'invalid', message: `${reference} is a ${inBundle.resourceType}, not a Patient` };
  }
  if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
    return { ok: false, code: 'not-found', message: `${reference} matches no fullUrl in the bundle` };
  }
  const literal = LITERAL_PATIENT.exec(reference);
  if (literal) return { ok: true, patientId: literal[1]! };
  if (reference.startsWith('Patient?')) return resolveConditional(reference, bundle, index);
  return { ok: false, code: 'not-supported', message: `"${reference}" is not a Patient reference (Patient/<id>, urn:uuid:<uuid> or Patient?identifier=system|value)` };
}

/** Parses `identifier=system|value` (or `identifier=value`) out of a search query such as a conditional reference or `ifNoneExist`. */
export function parseIdentifierQuery(query: string): { readonly system?: string; readonly value: string } | undefined {
  const params = new URLSearchParams(query.startsWith('Patient?') ? query.slice('Patient?'.length) : query);
  const keys = [...params.keys()];
  const token = params.get('identifier');
  if (token === null || keys.some((k) => k !== 'identifier') || keys.length !== 1) return undefined;
  const bar = token.indexOf('|');
  if (bar < 0) return token === '' ? undefined : { value: token };
  const system = token.slice(0, bar);
  const value = token.slice(bar + 1);
  if (value === '') return undefined;
  return system === '' ? { value } : { system, value };
}

function resolveConditional(reference: string, bundle: BundleReferenceIndex | undefined, index: PatientIndex): ResolvedReference {
  // URLSearchParams turns '+' into a space; a literal '+' in an identifier must arrive as %2B, as in any URL query.
  const token = parseIdentifierQuery(reference);
  if (token === undefined) {
    return { ok: false, code: 'not-supported', message: `conditional reference "${reference}" must be Patient?identifier=[system|]value` };
  }
  const matches = new Set<string>();
  for (const p of bundle?.patients ?? []) {
    if (p.identifiers.some((i) => i.value === token.value && (token.system === undefined || i.system === token.system))) matches.add(p.id);
  }
  if (matches.size === 0 && token.system !== undefined) {
    const known = index.findByIdentifier(token.system, token.value);
    if (known !== undefined) matches.add(known);
  }
  if (matches.size === 1) return { ok: true, patientId: [...matches][0]! };
  if (matches.size > 1) return { ok: false, code: 'multiple-matches', message: `${reference} matches ${matches.size} patients` };
  return { ok: false, code: 'not-found', message: `${reference} matches no patient` };
}
