import type { PatientIdentifier } from './canonical-observation';
import { parseIdentifierQuery } from './resolve-patient-reference.util';
import { isRecord } from './validate-datatypes.util';

/**
 * The identifiers a request may need looked up in the store before the pure processing runs: from
 * `ifNoneExist` of Patient entries and from conditional subject references (`Patient?identifier=system|value`).
 * Works on unvalidated input (anything malformed is skipped; validation reports it later). The caller loads
 * these into a `PatientIndex` (e.g. `PatientRepository.lookupFor`) and passes it to `processBundle`.
 */
export function collectPatientIdentifiers(input: unknown): PatientIdentifier[] {
  const found = new Map<string, PatientIdentifier>();
  const add = (query: unknown): void => {
    if (typeof query !== 'string') return;
    const token = parseIdentifierQuery(query);
    if (token?.system !== undefined) found.set(`${token.system}|${token.value}`, { system: token.system, value: token.value });
  };
  const fromResource = (resource: unknown): void => {
    if (!isRecord(resource)) return;
    const subject = resource['subject'];
    if (isRecord(subject) && typeof subject['reference'] === 'string' && subject['reference'].startsWith('Patient?')) add(subject['reference']);
  };
  if (isRecord(input) && input['resourceType'] === 'Bundle' && Array.isArray(input['entry'])) {
    for (const e of input['entry']) {
      if (!isRecord(e)) continue;
      if (isRecord(e['request'])) add(e['request']['ifNoneExist']);
      fromResource(e['resource']);
    }
  } else fromResource(input);
  return [...found.values()];
}
