import { decodeMessage, fromTimestamp, MealLoggedSchema, MedicationAdministeredSchema, ObservationRecordedSchema, Topics } from '@shuji/contracts';
import type { CanonicalObservation } from '@shuji/fhir';
import { describe, expect, it } from 'vitest';
import { toCanonicalEvents } from './canonical-event.mapper';

const recordFactory = (overrides: Partial<CanonicalObservation> = {}): CanonicalObservation => ({
  eventId: 'e-1',
  patientId: 'p-1',
  codeSystem: 'http://loinc.org',
  code: '99504-3',
  value: { kind: 'quantity', value: 120, unit: 'mg/dL' },
  effectiveTime: '2026-01-05T07:00:00.000Z',
  receivedTime: '2026-01-05T07:01:00.000Z',
  source: 'device',
  modality: 'cgm',
  ...overrides,
});

const ATC = 'http://www.whocc.no/atc';

describe(toCanonicalEvents.name, () => {
  it('should publish each record once, inputs before readings, keyed by patient', () => {
    const sut = toCanonicalEvents([
      recordFactory(),
      recordFactory({ eventId: 'm-1', code: '9059-7', value: { kind: 'quantity', value: 45, unit: 'g' }, modality: 'meal' }),
      recordFactory({ eventId: 'b-1', codeSystem: ATC, code: 'A10AB04', value: { kind: 'quantity', value: 4.5, unit: '[IU]' }, modality: 'medication' }),
    ]);
    expect(sut.map((b) => [b.topic, b.messages.length])).toEqual([
      [Topics.mealLogged, 1],
      [Topics.medicationAdministered, 1],
      [Topics.observationRecorded, 1],
    ]);
    expect(sut.flatMap((b) => b.messages.map((m) => m.key))).toEqual(['p-1', 'p-1', 'p-1']);
  });

  it('should carry the meal carbohydrate in g and the record event id', () => {
    const [batch] = toCanonicalEvents([recordFactory({ eventId: 'm-1', code: '9059-7', value: { kind: 'quantity', value: 45, unit: 'g' }, modality: 'meal' })]);
    const meal = decodeMessage(MealLoggedSchema, batch!.messages[0]!.value);
    expect([meal.header?.eventId, meal.carbohydrateG, fromTimestamp(meal.header?.effectiveTime)?.toISOString()]).toEqual(['m-1', 45, '2026-01-05T07:00:00.000Z']);
  });

  it('should send a bolus with infusion_seconds 0 and a rate as the units of one hour over 3600 s', () => {
    const [batch] = toCanonicalEvents([
      recordFactory({ eventId: 'b-1', codeSystem: ATC, code: 'A10AB04', value: { kind: 'quantity', value: 4.5, unit: '[IU]' }, modality: 'medication' }),
      recordFactory({ eventId: 'r-1', codeSystem: ATC, code: 'A10AB04', value: { kind: 'quantity', value: 0.85, unit: '[IU]/h' }, modality: 'medication' }),
    ]);
    const doses = batch!.messages.map((m) => decodeMessage(MedicationAdministeredSchema, m.value));
    expect(doses.map((d) => [d.medication?.code, d.doseValue, d.doseUnit, d.infusionSeconds])).toEqual([
      ['A10AB04', 4.5, '[IU]', 0],
      ['A10AB04', 0.85, '[IU]', 3600],
    ]);
  });

  it('should keep readings and non-quantity records as ObservationRecorded', () => {
    const [batch] = toCanonicalEvents([recordFactory({ code: '9059-7', modality: 'meal', value: { kind: 'text', text: 'pasta' } })]);
    expect(batch!.topic).toBe(Topics.observationRecorded);
    expect(decodeMessage(ObservationRecordedSchema, batch!.messages[0]!.value).value).toEqual({ case: 'textValue', value: 'pasta' });
  });
});
