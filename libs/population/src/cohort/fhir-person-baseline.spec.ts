import { describe, expect, it } from 'vitest';
import { cohortFromFhirBundles, cohortFromNdjson } from './fhir-cohort';
import { isSkipped, personBaselineFromFhir, type FhirResource } from './fhir-person-baseline';

const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const patient = (over: Record<string, unknown> = {}): FhirResource => ({ resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1970-06-15', ...over });
const quantity = (code: string, value: number, unit: string, at: string): FhirResource => ({
  resourceType: 'Observation',
  status: 'final',
  code: loinc(code),
  subject: { reference: 'urn:uuid:p1' },
  effectiveDateTime: at,
  valueQuantity: { value, unit, code: unit },
});
const bp = (sbp: number, at: string, panel = '85354-9'): FhirResource => ({
  resourceType: 'Observation',
  status: 'final',
  code: loinc(panel),
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: at,
  component: [
    { code: loinc('8480-6'), valueQuantity: { value: sbp, unit: 'mm[Hg]', code: 'mm[Hg]' } },
    { code: loinc('8462-4'), valueQuantity: { value: 80, unit: 'mm[Hg]', code: 'mm[Hg]' } },
  ],
});
const history = (): FhirResource[] => [
  patient(),
  quantity('29463-7', 80, 'kg', '2019-01-10T10:00:00Z'),
  quantity('29463-7', 176.37, '[lb_av]', '2020-03-01T10:00:00Z'), // latest: 80.0 kg
  quantity('8302-2', 1.65, 'm', '2020-03-01T10:00:00Z'),
  bp(190, '2017-01-01T10:00:00Z'), // older than the latest three: not used
  bp(150, '2019-01-10T10:00:00Z', '55284-4'),
  bp(146, '2019-06-10T10:00:00Z'),
  bp(142, '2020-03-01T10:00:00Z'),
  { resourceType: 'Condition', code: { coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertension' }] }, subject: { reference: 'urn:uuid:p1' } },
  { resourceType: 'Condition', code: { text: 'Diabetes' }, abatementDateTime: '2015-01-01', subject: { reference: 'urn:uuid:p1' } },
  { resourceType: 'MedicationRequest', status: 'active', medicationCodeableConcept: { text: 'amLODIPine 5 MG Oral Tablet' }, subject: { reference: 'urn:uuid:p1' } },
];

describe(personBaselineFromFhir.name, () => {
  it('should estimate age, sex, the latest weight and height, the mean of the latest three SBP readings, conditions and treatment', () => {
    const sut = personBaselineFromFhir(history());
    expect(isSkipped(sut)).toBe(false);
    expect(sut).toMatchObject({ age_years: 49, male: 0, height_cm: 165, sbp_mmhg: 146, hypertension: true, diabetes: false, on_antihypertensive: true });
    expect(sut).toHaveProperty('weight_kg');
    expect((sut as { weight_kg: number }).weight_kg).toBeCloseTo(80, 2);
  });

  it('should give a pseudonymous reference that holds neither the id nor a name', () => {
    const sut = personBaselineFromFhir(history());
    expect(sut.ref).toMatch(/^fhir#[0-9a-f]{8}$/);
    expect(sut.ref).not.toContain('p1');
    expect(personBaselineFromFhir(history()).ref).toBe(sut.ref);
  });

  it('should not count a stopped antihypertensive, a resolved condition or an entered-in-error reading', () => {
    const resources = history().map((r) =>
      r.resourceType === 'MedicationRequest' ? { ...r, status: 'stopped' } : r.resourceType === 'Condition' ? { ...r, clinicalStatus: { coding: [{ code: 'resolved' }] } } : r,
    );
    resources.push({ ...bp(220, '2021-01-01T10:00:00Z'), status: 'entered-in-error' });
    const sut = personBaselineFromFhir(resources);
    expect(sut).toMatchObject({ hypertension: false, on_antihypertensive: false, sbp_mmhg: 146 });
  });

  it.each([
    ['a child', [patient({ birthDate: '2010-01-01' })], /age 10 .*adults/],
    ['a deceased person', [patient({ deceasedDateTime: '2020-05-01' })], /deceased/],
    ['no sex recorded', [patient({ gender: 'unknown' })], /sex/],
    ['no blood pressure', [patient()].concat(history().filter((r) => r.resourceType === 'Observation' && r.valueQuantity !== undefined)), /systolic/],
    ['no Patient', history().slice(1), /no Patient/],
  ])('should skip %s with the reason', (_label, resources, reason) => {
    const rest = resources.length > 1 || resources[0].resourceType !== 'Patient' ? resources : [...resources, ...history().slice(1)];
    const sut = personBaselineFromFhir(rest);
    expect(isSkipped(sut) ? sut.reason : 'mapped').toMatch(reason);
  });
});

describe('FHIR cohorts', () => {
  it('should map a bundle and the same resources as ndjson to the same person', () => {
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: history().map((resource) => ({ resource })) };
    const other = { resourceType: 'Bundle', entry: [{ resource: patient({ id: 'p2', birthDate: '2015-01-01' }) }] };
    const fromBundles = cohortFromFhirBundles([bundle, other]);
    const fromNdjson = cohortFromNdjson(history().map((r) => JSON.stringify(r)).join('\n') + `\n${JSON.stringify(patient({ id: 'p2', birthDate: '2015-01-01' }))}\n`);
    expect(fromBundles.people).toHaveLength(1);
    expect(fromBundles.skipped).toHaveLength(1);
    expect(fromNdjson).toEqual(fromBundles);
  });

  it('should refuse what is not a bundle or not a resource, naming where', () => {
    expect(() => cohortFromFhirBundles([{ resourceType: 'Patient' }])).toThrow(/bundles\[0\]/);
    expect(() => cohortFromNdjson('{"resourceType":"Patient","id":"a"}\nnot json')).toThrow(/line 2/);
  });
});
