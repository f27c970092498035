import { describe, expect, it } from 'vitest';
import { observationFactory } from './__tests__/fhir-factories';
import { processObservation } from './process-observation.util';

const receivedAt = new Date('2026-02-01T00:00:00Z');

describe(processObservation.name, () => {
  it('should accept a valid Observation for Patient/<id> and answer its location', () => {
    const sut = processObservation(observationFactory(), { receivedAt });
    expect(sut.kind).toBe('processed');
    if (sut.kind !== 'processed') return;
    expect(sut.location).toBe('Observation/obs-1/_history/1');
    expect(sut.observations.map((o) => [o.patientId, o.code])).toEqual([['p1', '2339-0']]);
    expect(sut.outcome.issue[0]?.diagnostics).toBe('All OK');
  });

  it('should reject invalid content with 400 and the failing path', () => {
    const sut = processObservation(observationFactory({ effectiveDateTime: 'yesterday' }), { receivedAt });
    expect(sut.kind === 'rejected' && sut.status).toBe(400);
    expect(sut.kind === 'rejected' && sut.outcome.issue[0]?.expression).toEqual(['Observation.effectiveDateTime']);
  });

  it('should reject a subject that cannot be resolved with 422', () => {
    const sut = processObservation(observationFactory({ subject: { reference: 'urn:uuid:123' } }), { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code, sut.outcome.issue[0]?.expression]).toEqual([422, 'not-found', ['Observation.subject.reference']]);
  });

  it('should reject a unit that does not convert to the canonical one with 422', () => {
    const sut = processObservation(observationFactory({ valueQuantity: { value: 1, unit: 'kg' } }), { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.expression]).toEqual([422, ['Observation.valueQuantity.unit']]);
  });

  it('should reject a meal out of 0-1000 g with 400 and the failing path, as a bundle does', () => {
    const sut = processObservation(observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '9059-7' }] }, valueQuantity: { value: 1500, unit: 'g' } }), { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code, sut.outcome.issue[0]?.expression]).toEqual([400, 'value', ['Observation.valueQuantity.value']]);
  });

  it('should resolve a conditional subject through the patient index', () => {
    const sut = processObservation(observationFactory({ subject: { reference: 'Patient?identifier=urn:mrn|5' } }), { receivedAt, patientIndex: { findByIdentifier: () => 'p-5' } });
    expect(sut.kind === 'processed' && sut.observations[0]?.patientId).toBe('p-5');
  });
  it.each([
    ['glucose −5 mmol/L', { value: -5, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' }],
    ['glucose 1e9 mg/dL', { value: 1e9, unit: 'mg/dL' }],
    ['glucose 1e307 mmol/L (Infinity once converted)', { value: 1e307, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' }],
  ])('should reject %s with 422 naming the field and the range', (_name, valueQuantity) => {
    const sut = processObservation(observationFactory({ valueQuantity }), { receivedAt });
    expect(sut.kind === 'rejected' && sut.status).toBe(422);
    const issue = sut.kind === 'rejected' ? sut.outcome.issue[0] : undefined;
    expect(issue?.expression?.[0]).toMatch(/^Observation\.valueQuantity\.(value|code)$/);
    expect(issue?.diagnostics).toMatch(/must be within 0-3000 mg\/dL|not a finite number/);
  });

  it('should reject an implausible body weight and heart rate, also as a component or an integer', () => {
    const weight = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: -70, unit: 'kg' } });
    const rate = observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] }, valueQuantity: undefined, valueInteger: 1_000_000 });
    const panel = observationFactory({
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      valueQuantity: undefined,
      component: [{ code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 9000, unit: 'mm[Hg]' } }],
    });
    for (const [obs, where] of [[weight, 'Observation.valueQuantity.value'], [rate, 'Observation.valueInteger'], [panel, 'Observation.component[0].valueQuantity.value']] as const) {
      const sut = processObservation(obs, { receivedAt });
      expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code, sut.outcome.issue[0]?.expression?.[0]]).toEqual([422, 'business-rule', where]);
    }
  });

  it('should reject a NUL byte or a control character in a stored string with 400 naming it', () => {
    const display = processObservation(observationFactory({ code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'Glu\u0000cose' }] } }), { receivedAt });
    expect(display.kind === 'rejected' && [display.status, display.outcome.issue[0]?.expression]).toEqual([400, ['Observation.code.coding[0].display']]);
    const text = processObservation(observationFactory({ valueQuantity: undefined, valueString: 'ok\u001bnot' }), { receivedAt });
    expect(text.kind === 'rejected' && text.outcome.issue[0]?.diagnostics).toContain('U+001B');
  });

  it('should reject an extension nested 20,000 deep with 400 and no stack overflow', () => {
    const deep = JSON.parse(`{"resourceType":"Observation","extension":[${'{"extension":['.repeat(20_000)}{}${']}'.repeat(20_000)}]}`) as unknown;
    const sut = processObservation(deep, { receivedAt });
    expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code]).toEqual([400, 'structure']);
  });
  it('should refuse an Observation dated 6 months ahead or in the year 0001 with 422 naming the time field', () => {
    for (const when of ['2026-08-01T00:00:00Z', '0001-01-01']) {
      const sut = processObservation(observationFactory({ effectiveDateTime: when }), { receivedAt });
      expect(sut.kind === 'rejected' && [sut.status, sut.outcome.issue[0]?.code, sut.outcome.issue[0]?.expression]).toEqual([422, 'business-rule', ['Observation.effectiveDateTime']]);
    }
  });
});
