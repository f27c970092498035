import { describe, expect, it } from 'vitest';
import { observationFactory } from './__tests__/fhir-factories';
import { validateObservation } from './validate-observation.util';

function errorPaths(input: unknown, path?: string): string[] {
  const result = validateObservation(input, path);
  return result.issues.filter((i) => i.severity === 'error').flatMap((i) => i.expression ?? []);
}

describe(validateObservation.name, () => {
  it('should accept a valid Observation without issues', () => {
    const result = validateObservation(observationFactory());
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([]);
  });

  it('should name the failing location under the given path prefix', () => {
    const bad = observationFactory({ valueQuantity: { value: 'ninety' as unknown as number, unit: 'mg/dL' } });
    expect(errorPaths(bad, 'Bundle.entry[3].resource')).toEqual(['Bundle.entry[3].resource.valueQuantity.value']);
  });

  it.each([
    ['a non-object', 42, 'Observation'],
    ['the wrong resourceType', { resourceType: 'Patient' }, 'Observation.resourceType'],
    ['a missing status', observationFactory({ status: undefined as unknown as string }), 'Observation.status'],
    ['an unknown status', observationFactory({ status: 'done' }), 'Observation.status'],
    ['a code without coding', observationFactory({ code: { text: 'glucose' } }), 'Observation.code.coding'],
    ['a coding without code', observationFactory({ code: { coding: [{ system: 'http://loinc.org' }] } }), 'Observation.code.coding[0].code'],
    ['a coding without system', observationFactory({ code: { coding: [{ code: '2339-0' }] } }), 'Observation.code.coding[0].system'],
    ['a missing subject', observationFactory({ subject: undefined }), 'Observation.subject'],
    ['a subject without reference', observationFactory({ subject: { display: 'Ann' } }), 'Observation.subject.reference'],
    ['no effective time and no issued', observationFactory({ effectiveDateTime: undefined }), 'Observation.effective[x]'],
    ['a time without zone', observationFactory({ effectiveDateTime: '2026-01-05T07:30:00' }), 'Observation.effectiveDateTime'],
    ['a quantity without unit', observationFactory({ valueQuantity: { value: 5 } }), 'Observation.valueQuantity.code'],
    ['a non-finite quantity', observationFactory({ valueQuantity: { value: null as unknown as number, unit: 'kg' } }), 'Observation.valueQuantity.value'],
    ['two value[x]', observationFactory({ valueString: 'high' }), 'Observation.valueString'],
    ['a bad id', observationFactory({ id: 'has space' }), 'Observation.id'],
    ['a component without code', observationFactory({ component: [{ valueQuantity: { value: 1, unit: 'kg' } }] as never }), 'Observation.component[0].code'],
    ['a component with a bad value', observationFactory({ component: [{ code: { coding: [{ system: 's', code: 'c' }] }, valueInteger: 1.5 }] }), 'Observation.component[0].valueInteger'],
    ['an empty string', observationFactory({ valueString: '   ', valueQuantity: undefined }), 'Observation.valueString'],
  ])('should reject %s at %s', (_name, input, path) => {
    expect(validateObservation(input).ok).toBe(false);
    expect(errorPaths(input)).toContain(path);
  });

  it('should accept issued in place of effective[x] and a period start', () => {
    expect(validateObservation(observationFactory({ effectiveDateTime: undefined, issued: '2026-01-05T07:30:00Z' })).ok).toBe(true);
    expect(validateObservation(observationFactory({ effectiveDateTime: undefined, effectivePeriod: { start: '2026-01-05T07:30:00Z' } })).ok).toBe(true);
  });

  it('should accept an unsupported value[x] with a warning rather than an error', () => {
    const result = validateObservation(observationFactory({ valueQuantity: undefined, valueRange: { low: { value: 1 } } }));
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'not-supported', expression: ['Observation.valueRange'] })]);
  });

  it('should report every failure of one resource, not only the first', () => {
    const bad = observationFactory({ status: 'nope', subject: undefined, valueQuantity: { value: 'x' as unknown as number, unit: 'kg' } });
    expect(errorPaths(bad)).toEqual(['Observation.status', 'Observation.subject', 'Observation.valueQuantity.value']);
  });
});
