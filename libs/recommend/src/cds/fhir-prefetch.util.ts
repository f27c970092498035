/** Reading FHIR R4 JSON as a CDS client sends it (prefetch values and draft orders), without trusting its shape. */
export type FhirResource = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is FhirResource => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resources of a prefetch value: a searchset Bundle's entries, or the single resource itself. */
export function resourcesOf(value: unknown): FhirResource[] {
  if (!isObject(value)) return [];
  if (value.resourceType !== 'Bundle') return [value];
  const entry = Array.isArray(value.entry) ? value.entry : [];
  return entry.map((e: unknown) => (isObject(e) && isObject(e.resource) ? e.resource : undefined)).filter((r): r is FhirResource => r !== undefined);
}

export interface Coding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}

/** The codings of a CodeableConcept, and its text as a display-only coding. */
export function codingsOf(concept: unknown): Coding[] {
  if (!isObject(concept)) return [];
  const codings = Array.isArray(concept.coding) ? concept.coding.filter(isObject).map((c) => ({ system: str(c.system), code: str(c.code), display: str(c.display) })) : [];
  return typeof concept.text === 'string' ? [...codings, { display: concept.text }] : codings;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function objectOf(v: unknown): FhirResource | undefined {
  return isObject(v) ? v : undefined;
}

export function firstOf(v: unknown): FhirResource | undefined {
  return Array.isArray(v) ? objectOf(v[0]) : undefined;
}
