import type { CodeableConcept, OperationOutcomeIssue, Quantity, Reference } from './fhir-types';
import { fhirIssue } from './operation-outcome.util';
import { parseFhirDateTime } from './parse-fhir-date-time.util';
import { TEXT_MAX_LENGTH, textError } from './check-text.util';

/** Checks for the R4 datatypes ingest reads. Each pushes its failures, with their FHIRPath-like location, to `issues`. */

export type Issues = OperationOutcomeIssue[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** R4 id: [A-Za-z0-9\-\.]{1,64}. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Lengths of the strings that name things (a code, its system, its display) rather than hold free text. */
export const CODE_MAX_LENGTH = 256;
export const URI_MAX_LENGTH = 4096;
export const DISPLAY_MAX_LENGTH = 4096;

/** A non-empty string without control characters, at most `maxLength` long (check-text.util). */
export function checkString(value: unknown, path: string, issues: Issues, required = false, maxLength = TEXT_MAX_LENGTH): string | undefined {
  if (value === undefined) {
    if (required) issues.push(fhirIssue('error', 'required', `${lastSegment(path)} is required`, path));
    return undefined;
  }
  // R4 strings SHALL NOT be empty (must have at least one non-whitespace character).
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push(fhirIssue('error', 'value', `${lastSegment(path)} must be a non-empty string`, path));
    return undefined;
  }
  const error = textError(value, maxLength);
  if (error !== undefined) {
    issues.push(fhirIssue('error', value.length > maxLength ? 'too-long' : 'value', `${lastSegment(path)} ${error}`, path));
    return undefined;
  }
  return value;
}

export function checkArray(value: unknown, path: string, issues: Issues): readonly unknown[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push(fhirIssue('error', 'structure', `${lastSegment(path)} must be an array`, path));
    return undefined;
  }
  return value;
}

export function checkObject(value: unknown, path: string, issues: Issues, required = false): Record<string, unknown> | undefined {
  if (value === undefined) {
    if (required) issues.push(fhirIssue('error', 'required', `${lastSegment(path)} is required`, path));
    return undefined;
  }
  if (!isRecord(value)) {
    issues.push(fhirIssue('error', 'structure', `${lastSegment(path)} must be an object`, path));
    return undefined;
  }
  return value;
}

/** A CodeableConcept; with `needCode`, at least one coding must carry both system and code. */
export function checkCodeableConcept(value: unknown, path: string, issues: Issues, needCode: boolean): CodeableConcept | undefined {
  const cc = checkObject(value, path, issues, needCode);
  if (cc === undefined) return undefined;
  const before = issues.length;
  const codings = checkArray(cc['coding'], `${path}.coding`, issues) ?? [];
  let usable = 0;
  codings.forEach((c, i) => {
    const cp = `${path}.coding[${i}]`;
    const coding = checkObject(c, cp, issues);
    if (coding === undefined) return;
    const system = checkString(coding['system'], `${cp}.system`, issues, false, URI_MAX_LENGTH);
    const code = checkString(coding['code'], `${cp}.code`, issues, false, CODE_MAX_LENGTH);
    checkString(coding['display'], `${cp}.display`, issues, false, DISPLAY_MAX_LENGTH);
    if (system !== undefined && code !== undefined) usable++;
  });
  checkString(cc['text'], `${path}.text`, issues);
  if (needCode && usable === 0 && issues.length === before) {
    const first = isRecord(codings[0]) ? codings[0] : undefined;
    const where = first === undefined ? `${path}.coding` : `${path}.coding[0].${first['code'] === undefined ? 'code' : 'system'}`;
    issues.push(fhirIssue('error', 'required', 'at least one coding with system and code is required', where));
  }
  return issues.length === before ? (cc as CodeableConcept) : undefined;
}

/** A Quantity with a finite numeric value and a unit (UCUM `code`, else `unit`). */
export function checkQuantity(value: unknown, path: string, issues: Issues): Quantity | undefined {
  const q = checkObject(value, path, issues, true);
  if (q === undefined) return undefined;
  const before = issues.length;
  const v = q['value'];
  if (v === undefined) issues.push(fhirIssue('error', 'required', 'value is required', `${path}.value`));
  else if (typeof v !== 'number' || !Number.isFinite(v)) issues.push(fhirIssue('error', 'value', `value must be a finite number, got ${JSON.stringify(v)}`, `${path}.value`));
  const unit = checkString(q['unit'], `${path}.unit`, issues, false, CODE_MAX_LENGTH);
  const code = checkString(q['code'], `${path}.code`, issues, false, CODE_MAX_LENGTH);
  checkString(q['system'], `${path}.system`, issues, false, URI_MAX_LENGTH);
  if (unit === undefined && code === undefined && issues.length === before) {
    issues.push(fhirIssue('error', 'required', 'a unit (code or unit) is required', `${path}.code`));
  }
  return issues.length === before ? (q as Quantity) : undefined;
}

export function checkReference(value: unknown, path: string, issues: Issues, required: boolean): Reference | undefined {
  const r = checkObject(value, path, issues, required);
  if (r === undefined) return undefined;
  const reference = checkString(r['reference'], `${path}.reference`, issues, true, URI_MAX_LENGTH);
  return reference === undefined ? undefined : (r as Reference);
}

/** A FHIR dateTime; returns it as a UTC ISO instant. */
export function checkDateTime(value: unknown, path: string, issues: Issues): string | undefined {
  const text = checkString(value, path, issues);
  if (text === undefined) return undefined;
  const parsed = parseFhirDateTime(text);
  if (!parsed.ok) {
    issues.push(fhirIssue('error', 'value', parsed.message, path));
    return undefined;
  }
  return parsed.iso;
}

function lastSegment(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? path : path.slice(dot + 1);
}
