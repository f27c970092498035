import type { Observation } from './fhir-types';
import type { ValidationResult } from './ingest-result';
import { fhirIssue, hasBlockingIssue } from './operation-outcome.util';
import {
  FHIR_ID,
  checkArray,
  checkCodeableConcept,
  checkDateTime,
  checkObject,
  checkQuantity,
  checkReference,
  checkString,
  isRecord,
  type Issues,
} from './validate-datatypes.util';

/** R4 ValueSet observation-status. */
const OBSERVATION_STATUS = new Set(['registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered-in-error', 'unknown']);

/** value[x] types ingest reads; the other R4 choices are accepted with a warning and not ingested. */
const SUPPORTED_VALUES = ['valueQuantity', 'valueCodeableConcept', 'valueString', 'valueBoolean', 'valueInteger'] as const;
const OTHER_VALUES = ['valueRange', 'valueRatio', 'valueSampledData', 'valueTime', 'valueDateTime', 'valuePeriod'];

/**
 * Validates the fields of an R4 Observation that ingest uses (https://hl7.org/fhir/R4/observation.html):
 * status, code, subject, effective[x] (or issued), value[x] and component. `path` prefixes every location,
 * e.g. `Bundle.entry[3].resource`.
 */
export function validateObservation(input: unknown, path = 'Observation'): ValidationResult<Observation> {
  const issues: Issues = [];
  if (!isRecord(input)) {
    issues.push(fhirIssue('error', 'structure', 'an Observation must be a JSON object', path));
    return { ok: false, issues };
  }
  if (input['resourceType'] !== 'Observation') {
    issues.push(fhirIssue('error', 'invalid', `resourceType must be "Observation", got ${JSON.stringify(input['resourceType'])}`, `${path}.resourceType`));
    return { ok: false, issues };
  }
  const id = checkString(input['id'], `${path}.id`, issues);
  if (id !== undefined && !FHIR_ID.test(id)) issues.push(fhirIssue('error', 'value', `id "${id}" is not a FHIR id ([A-Za-z0-9-.]{1,64})`, `${path}.id`));
  const meta = checkObject(input['meta'], `${path}.meta`, issues);
  // the version becomes part of the event's identity: an id's rules (R4 id, 1-64 of [A-Za-z0-9-.])
  const versionId = meta === undefined ? undefined : checkString(meta['versionId'], `${path}.meta.versionId`, issues);
  if (versionId !== undefined && !FHIR_ID.test(versionId)) issues.push(fhirIssue('error', 'value', `meta.versionId "${versionId}" is not a FHIR id ([A-Za-z0-9-.]{1,64})`, `${path}.meta.versionId`));

  const status = checkString(input['status'], `${path}.status`, issues, true);
  if (status !== undefined && !OBSERVATION_STATUS.has(status)) {
    issues.push(fhirIssue('error', 'code-invalid', `status "${status}" is not an R4 observation-status`, `${path}.status`));
  }
  checkCodeableConcept(input['code'], `${path}.code`, issues, true);
  checkArray(input['category'], `${path}.category`, issues)?.forEach((c, i) => checkCodeableConcept(c, `${path}.category[${i}]`, issues, false));
  checkReference(input['subject'], `${path}.subject`, issues, true);
  checkEffective(input, path, issues);
  checkValue(input, path, issues);

  const components = checkArray(input['component'], `${path}.component`, issues) ?? [];
  components.forEach((c, i) => {
    const cp = `${path}.component[${i}]`;
    const component = checkObject(c, cp, issues);
    if (component === undefined) return;
    checkCodeableConcept(component['code'], `${cp}.code`, issues, true);
    checkValue(component, cp, issues);
  });

  return hasBlockingIssue(issues) ? { ok: false, issues } : { ok: true, value: input as Observation, issues };
}

function checkEffective(input: Record<string, unknown>, path: string, issues: Issues): void {
  const present = ['effectiveDateTime', 'effectiveInstant', 'effectivePeriod', 'effectiveTiming'].filter((k) => input[k] !== undefined);
  if (present.length > 1) issues.push(fhirIssue('error', 'invariant', `only one effective[x] is allowed, got ${present.join(', ')}`, `${path}.${present[1]}`));
  const issued = input['issued'] === undefined ? undefined : checkDateTime(input['issued'], `${path}.issued`, issues);
  if (input['effectiveDateTime'] !== undefined) checkDateTime(input['effectiveDateTime'], `${path}.effectiveDateTime`, issues);
  else if (input['effectiveInstant'] !== undefined) checkDateTime(input['effectiveInstant'], `${path}.effectiveInstant`, issues);
  else if (input['effectivePeriod'] !== undefined) {
    const period = checkObject(input['effectivePeriod'], `${path}.effectivePeriod`, issues);
    if (period !== undefined) {
      const start = checkDateTime(period['start'], `${path}.effectivePeriod.start`, issues);
      if (start === undefined && period['start'] === undefined) issues.push(fhirIssue('error', 'required', 'effectivePeriod.start is required to place the observation in time', `${path}.effectivePeriod.start`));
      if (period['end'] !== undefined) checkDateTime(period['end'], `${path}.effectivePeriod.end`, issues);
    }
  } else if (input['effectiveTiming'] !== undefined) {
    issues.push(fhirIssue('error', 'not-supported', 'effectiveTiming is not supported; send effectiveDateTime or effectivePeriod', `${path}.effectiveTiming`));
  } else if (issued === undefined && input['issued'] === undefined) {
    issues.push(fhirIssue('error', 'required', 'effective[x] (or issued) is required to place the observation in time', `${path}.effective[x]`));
  }
}

/** value[x] of an Observation or of one of its components. */
function checkValue(input: Record<string, unknown>, path: string, issues: Issues): void {
  const present = [...SUPPORTED_VALUES, ...OTHER_VALUES].filter((k) => input[k] !== undefined);
  if (present.length > 1) {
    issues.push(fhirIssue('error', 'invariant', `only one value[x] is allowed, got ${present.join(', ')}`, `${path}.${present[1]}`));
    return;
  }
  const key = present[0];
  const value = key === undefined ? undefined : input[key];
  switch (key) {
    case undefined:
      return;
    case 'valueQuantity':
      checkQuantity(value, `${path}.valueQuantity`, issues);
      return;
    case 'valueCodeableConcept':
      checkCodeableConcept(value, `${path}.valueCodeableConcept`, issues, false);
      if (isRecord(value) && value['text'] === undefined && !(Array.isArray(value['coding']) && value['coding'].length > 0)) {
        issues.push(fhirIssue('error', 'required', 'valueCodeableConcept needs a coding or text', `${path}.valueCodeableConcept`));
      }
      return;
    case 'valueString':
      checkString(value, `${path}.valueString`, issues);
      return;
    case 'valueBoolean':
      if (typeof value !== 'boolean') issues.push(fhirIssue('error', 'value', 'valueBoolean must be true or false', `${path}.valueBoolean`));
      return;
    case 'valueInteger':
      if (!Number.isInteger(value)) issues.push(fhirIssue('error', 'value', `valueInteger must be an integer, got ${JSON.stringify(value)}`, `${path}.valueInteger`));
      return;
    default:
      issues.push(fhirIssue('warning', 'not-supported', `${key} is accepted but not ingested`, `${path}.${key}`));
  }
}
