import { Loinc } from '@shuji/contracts';
import { CARBOHYDRATE_INTAKE_LOINC, carbohydrateBoundError } from './canonical-event-kind.util';
import { LOINC_SYSTEM, UCUM_SYSTEM, type CanonicalObservation, type ObservationValue } from './canonical-observation';
import { convertUnit, normaliseUnitSymbol } from './convert-unit.util';
import { deriveModality } from './derive-modality.util';
import { canonicalJsonHash, deterministicUuid } from './deterministic-uuid.util';
import type { CodeableConcept, Coding, Observation, ObservationComponent, OperationOutcomeIssue, Quantity } from './fhir-types';
import { bloodPressurePairError } from './check-blood-pressure.util';
import { plausibilityError } from './check-plausibility.util';
import { GENOTYPE_LOINC, readGenotype } from './genotype.util';
import { BLOOD_PRESSURE_PANELS, LOINC_TABLE } from './loinc-table';
import { fhirIssue } from './operation-outcome.util';
import { parseFhirDateTime } from './parse-fhir-date-time.util';
import { timePolicyError } from './time-policy.util';

export interface NormaliseContext {
  readonly patientId: string;
  readonly receivedAt: Date;
  readonly source: string;
  /** Location prefix for issues, e.g. `Bundle.entry[3].resource`. */
  readonly path?: string;
}

export interface NormalisationResult {
  readonly records: readonly CanonicalObservation[];
  /** Errors mean the observation cannot be ingested (e.g. a unit that does not convert to the code's canonical unit). */
  readonly issues: readonly OperationOutcomeIssue[];
}

/** HL7 v2 table 0136 (Yes/No indicator), for valueBoolean. */
const YES_NO_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0136';

type ValueHolder = Pick<ObservationComponent, 'valueQuantity' | 'valueCodeableConcept' | 'valueString' | 'valueBoolean' | 'valueInteger'>;

/**
 * A validated R4 Observation → canonical records: one for its own value[x] (if any) and one per component (so a
 * blood-pressure panel 85354-9/55284-4 becomes systolic 8480-6 and diastolic 8462-4 records). Values are
 * converted to the canonical unit of their LOINC code. Event ids derive from `Observation/<id>/_history/<version>`
 * (version 1 when meta.versionId is absent) or, without an id, from a hash of the content, plus the component.
 */
export function normaliseObservation(obs: Observation, ctx: NormaliseContext): NormalisationResult {
  const path = ctx.path ?? 'Observation';
  const issues: OperationOutcomeIssue[] = [];
  if (obs.status === 'entered-in-error' || obs.status === 'cancelled') {
    issues.push(fhirIssue('information', 'informational', `status ${obs.status}: nothing ingested`, `${path}.status`));
    return { records: [], issues };
  }
  const coding = primaryCoding(obs.code);
  const effectiveTime = effectiveInstant(obs);
  if (coding === undefined || effectiveTime === undefined) {
    issues.push(fhirIssue('error', 'invalid', 'observation was not validated: no usable code or time', path));
    return { records: [], issues };
  }
  const refused = timePolicyError(effectiveTime, ctx.receivedAt);
  if (refused !== undefined) {
    issues.push(fhirIssue('error', 'business-rule', refused, `${path}.${effectiveField(obs)}`));
    return { records: [], issues };
  }
  const identity = sourceIdentity(obs, ctx.patientId);
  const receivedTime = ctx.receivedAt.toISOString();
  const records: CanonicalObservation[] = [];
  const recordPaths: string[] = [];

  const make = (c: Coding, holder: ValueHolder, valuePath: string, suffix: string): void => {
    const value = readValue(c, holder, valuePath, issues);
    if (value === undefined) return;
    recordPaths.push(valuePath);
    const loinc = c.system === LOINC_SYSTEM ? c.code : undefined;
    records.push({
      eventId: deterministicUuid(`${identity}#${suffix}`),
      patientId: ctx.patientId,
      codeSystem: c.system!,
      code: c.code!,
      ...(c.display !== undefined ? { display: c.display } : {}),
      value,
      effectiveTime,
      receivedTime,
      source: ctx.source,
      modality: deriveModality(loinc ?? (coding.system === LOINC_SYSTEM ? coding.code : undefined), obs.category),
      sourceResource: identity,
    });
  };

  if (hasValue(obs)) make(coding, obs, path, 'value');
  (obs.component ?? []).forEach((component, i) => {
    const cc = primaryCoding(component.code);
    if (cc === undefined) return;
    if (!hasValue(component)) {
      issues.push(fhirIssue('warning', 'required', 'component has no value: not ingested', `${path}.component[${i}]`));
      return;
    }
    make(cc, component, `${path}.component[${i}]`, `component/${i}/${cc.system}|${cc.code}`);
  });

  const pair = bloodPressurePairError(records);
  if (pair !== undefined) issues.push(fhirIssue('error', 'business-rule', pair.message, `${recordPaths[pair.index]}.valueQuantity.value`));
  if (coding.system === LOINC_SYSTEM && BLOOD_PRESSURE_PANELS.has(coding.code!) && !records.some((r) => r.code === Loinc.systolicBp.code || r.code === Loinc.diastolicBp.code)) {
    issues.push(fhirIssue('warning', 'required', `blood-pressure panel ${coding.code} has no systolic (8480-6) or diastolic (8462-4) component`, `${path}.component`));
  }
  if (!hasValue(obs) && (obs.component ?? []).length === 0) {
    issues.push(fhirIssue('warning', 'required', 'observation has neither value[x] nor components: nothing ingested', `${path}.value[x]`));
  }
  return { records, issues };
}

/** The LOINC coding if there is one, else the first coding with system and code. */
export function primaryCoding(concept: CodeableConcept | undefined): Coding | undefined {
  const usable = (concept?.coding ?? []).filter((c) => c.system !== undefined && c.code !== undefined);
  return usable.find((c) => c.system === LOINC_SYSTEM) ?? usable[0];
}

function hasValue(h: ValueHolder): boolean {
  return h.valueQuantity !== undefined || h.valueCodeableConcept !== undefined || h.valueString !== undefined || h.valueBoolean !== undefined || h.valueInteger !== undefined;
}

function effectiveInstant(obs: Observation): string | undefined {
  const text = obs.effectiveDateTime ?? obs.effectiveInstant ?? obs.effectivePeriod?.start ?? obs.issued;
  if (text === undefined) return undefined;
  const parsed = parseFhirDateTime(text);
  return parsed.ok ? parsed.iso : undefined;
}

/** The field effectiveInstant reads the time from. */
function effectiveField(obs: Observation): string {
  if (obs.effectiveDateTime !== undefined) return 'effectiveDateTime';
  if (obs.effectiveInstant !== undefined) return 'effectiveInstant';
  return obs.effectivePeriod?.start !== undefined ? 'effectivePeriod.start' : 'issued';
}

/** `Observation/<id>/_history/<version>`, or a content hash (independent of the reference spelling of the subject). */
function sourceIdentity(obs: Observation, patientId: string): string {
  if (obs.id !== undefined) return `Observation/${obs.id}/_history/${obs.meta?.versionId ?? '1'}`;
  const { id: _id, meta: _meta, subject: _subject, ...content } = obs;
  return `Observation/#${canonicalJsonHash({ content, patientId })}`;
}

function readValue(coding: Coding, h: ValueHolder, path: string, issues: OperationOutcomeIssue[]): ObservationValue | undefined {
  if (h.valueQuantity !== undefined) {
    const quantity = readQuantity(coding, h.valueQuantity, path, issues);
    if (quantity === undefined) return undefined;
    // a meal is bounded as in the device format, in g (the canonical unit of 9059-7)
    const mealError = coding.system === LOINC_SYSTEM && coding.code === CARBOHYDRATE_INTAKE_LOINC ? carbohydrateBoundError(quantity.value) : undefined;
    if (mealError !== undefined) {
      issues.push(fhirIssue('error', 'value', mealError, `${path}.valueQuantity.value`));
      return undefined;
    }
    return plausible(coding, quantity, `${path}.valueQuantity.value`, issues);
  }
  if (coding.system === LOINC_SYSTEM && coding.code === GENOTYPE_LOINC) return readGenotypeValue(h, path, issues);
  if (h.valueCodeableConcept !== undefined) {
    const answer = primaryCoding(h.valueCodeableConcept);
    if (answer !== undefined) return { kind: 'coded', system: answer.system!, code: answer.code!, ...(answer.display !== undefined ? { display: answer.display } : {}) };
    return { kind: 'text', text: h.valueCodeableConcept.text ?? '' };
  }
  if (h.valueString !== undefined) return { kind: 'text', text: h.valueString };
  if (h.valueBoolean !== undefined) return { kind: 'coded', system: YES_NO_SYSTEM, code: h.valueBoolean ? 'Y' : 'N', display: h.valueBoolean ? 'Yes' : 'No' };
  if (h.valueInteger !== undefined) {
    // an integer of a known code is in the code's unit (a heart rate of 72 is 72 /min)
    const unit = coding.system === LOINC_SYSTEM ? LOINC_TABLE[coding.code!]?.unit : undefined;
    const checked = plausible(coding, { kind: 'quantity', value: h.valueInteger, unit: unit ?? '1' }, `${path}.valueInteger`, issues);
    return checked === undefined ? undefined : { kind: 'quantity', value: h.valueInteger, unit: '1' };
  }
  return undefined;
}

/** A genotype's value (genotype.util): its text when it reads as "GENE result", else an issue naming the value field. */
function readGenotypeValue(h: ValueHolder, path: string, issues: OperationOutcomeIssue[]): ObservationValue | undefined {
  const coded = h.valueCodeableConcept === undefined ? undefined : primaryCoding(h.valueCodeableConcept);
  const text = coded?.code ?? coded?.display ?? h.valueCodeableConcept?.text ?? h.valueString;
  const field = h.valueCodeableConcept !== undefined ? `${path}.valueCodeableConcept` : `${path}.valueString`;
  const read = text === undefined ? { ok: false as const, message: 'a genotype (LOINC 84413-4) needs valueCodeableConcept or valueString' } : readGenotype(text);
  if (!read.ok) {
    issues.push(fhirIssue('error', 'value', read.message, field));
    return undefined;
  }
  return { kind: 'text', text: `${read.gene} ${read.result}` };
}

/** The quantity when it is physiologically plausible for its code (plausibility-table), else a 422 issue naming the field and the range. */
function plausible(coding: Coding, quantity: Extract<ObservationValue, { kind: 'quantity' }>, path: string, issues: OperationOutcomeIssue[]): Extract<ObservationValue, { kind: 'quantity' }> | undefined {
  const error = plausibilityError(coding.system!, coding.code!, quantity.value, quantity.unit);
  if (error === undefined) return quantity;
  issues.push(fhirIssue('error', 'business-rule', error, path));
  return undefined;
}

/** A valueQuantity in the canonical unit of its LOINC code (as sent when the code is not in the table). */
function readQuantity(coding: Coding, q: Quantity, path: string, issues: OperationOutcomeIssue[]): Extract<ObservationValue, { kind: 'quantity' }> | undefined {
  // `code` is a UCUM code only when `system` is UCUM (or absent); otherwise the human `unit` is all we can read.
  const useCode = q.code !== undefined && (q.system === undefined || q.system === UCUM_SYSTEM);
  const unitPath = useCode ? `${path}.valueQuantity.code` : `${path}.valueQuantity.unit`;
  const unit = normaliseUnitSymbol((useCode ? q.code : q.unit) ?? q.code ?? '1');
  const entry = coding.system === LOINC_SYSTEM ? LOINC_TABLE[coding.code!] : undefined;
  if (entry?.unit === undefined || entry.unit === unit || entry.unitSynonyms?.includes(unit)) {
    return { kind: 'quantity', value: q.value!, unit: entry?.unit ?? unit };
  }
  const converted = convertUnit(q.value!, unit, entry.unit, entry.molarMass);
  if (!converted.ok) {
    issues.push(fhirIssue('error', 'processing', `LOINC ${coding.code} is stored in ${entry.unit}: ${converted.message}`, unitPath));
    return undefined;
  }
  return { kind: 'quantity', value: converted.value, unit: entry.unit };
}
