/**
 * A cohort of real people from FHIR: Synthea-style transaction bundles (one patient each, or several), or an
 * ndjson bulk export (one resource per line, patients' resources found by their subject/patient reference).
 * Each patient's initial state is estimated by `personBaselineFromFhir`; those who cannot be mapped are listed
 * with the reason, by pseudonymous reference only.
 */
import { isSkipped, personBaselineFromFhir, type FhirResource, type PersonBaseline, type SkippedPerson } from './fhir-person-baseline';

export interface FhirCohort {
  readonly people: readonly PersonBaseline[];
  readonly skipped: readonly SkippedPerson[];
}

const referenceOf = (r: FhirResource): string | undefined => {
  const ref = ((r.subject ?? r.patient ?? r.beneficiary) as { reference?: string } | undefined)?.reference;
  return typeof ref === 'string' ? ref.replace(/^urn:uuid:/, '').replace(/^Patient\//, '') : undefined;
};

/** Groups resources by patient: a Patient by its id, anything else by its subject (or patient) reference. */
function byPatient(resources: readonly FhirResource[]): FhirResource[][] {
  const groups = new Map<string, FhirResource[]>();
  const add = (key: string, r: FhirResource) => {
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  };
  for (const r of resources) {
    if (r.resourceType === 'Patient' && typeof r.id === 'string') add(r.id, r);
    else {
      const ref = referenceOf(r);
      if (ref !== undefined) add(ref, r);
    }
  }
  // Bundles often reference the patient by its fullUrl (urn:uuid:…), which is the id in Synthea's output.
  return [...groups.values()].filter((g) => g.some((r) => r.resourceType === 'Patient'));
}

function cohortOf(resources: readonly FhirResource[]): FhirCohort {
  const people: PersonBaseline[] = [];
  const skipped: SkippedPerson[] = [];
  for (const group of byPatient(resources)) {
    const person = personBaselineFromFhir(group);
    if (isSkipped(person)) skipped.push(person);
    else people.push(person);
  }
  return { people, skipped };
}

/** Resources of FHIR Bundles (parsed JSON): entries' resources, in order. */
export function cohortFromFhirBundles(bundles: readonly unknown[]): FhirCohort {
  const resources: FhirResource[] = [];
  bundles.forEach((b, k) => {
    const bundle = b as { resourceType?: unknown; entry?: { resource?: FhirResource }[] };
    if (bundle?.resourceType !== 'Bundle') throw new TypeError(`bundles[${k}]: not a FHIR Bundle`);
    for (const e of bundle.entry ?? []) if (e.resource !== undefined) resources.push(e.resource);
  });
  return cohortOf(resources);
}

/** The text of an ndjson bulk export (one or several files concatenated): one resource per line. */
export function cohortFromNdjson(text: string): FhirCohort {
  const resources: FhirResource[] = [];
  text.split('\n').forEach((line, k) => {
    if (line.trim() === '') return;
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      throw new TypeError(`ndjson line ${k + 1}: not JSON`);
    }
    if (typeof (r as FhirResource)?.resourceType !== 'string') throw new TypeError(`ndjson line ${k + 1}: not a FHIR resource`);
    resources.push(r as FhirResource);
  });
  return cohortOf(resources);
}
