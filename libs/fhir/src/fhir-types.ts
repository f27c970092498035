/**
 * The slice of FHIR R4 (v4.0.1, https://hl7.org/fhir/R4/) that Shuji reads. Hand-written on purpose: only the
 * fields ingest uses, each checked by the validators in this lib. Unknown fields are kept but never trusted.
 */

export interface Coding {
  readonly system?: string;
  readonly code?: string;
  readonly display?: string;
}

export interface CodeableConcept {
  readonly coding?: readonly Coding[];
  readonly text?: string;
}

/** R4 §2.24.0.8 Quantity: `code` is the UCUM code when `system` is http://unitsofmeasure.org. */
export interface Quantity {
  readonly value?: number;
  readonly unit?: string;
  readonly system?: string;
  readonly code?: string;
}

export interface Reference {
  readonly reference?: string;
  readonly identifier?: Identifier;
  readonly display?: string;
}

export interface Identifier {
  readonly system?: string;
  readonly value?: string;
}

export interface Period {
  readonly start?: string;
  readonly end?: string;
}

export interface Meta {
  readonly versionId?: string;
  readonly lastUpdated?: string;
}

export interface Resource {
  readonly resourceType: string;
  readonly id?: string;
  readonly meta?: Meta;
  readonly [field: string]: unknown;
}

export interface ObservationComponent {
  readonly code: CodeableConcept;
  readonly valueQuantity?: Quantity;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly valueString?: string;
  readonly valueBoolean?: boolean;
  readonly valueInteger?: number;
}

export interface Observation extends Resource {
  readonly resourceType: 'Observation';
  readonly status: string;
  readonly category?: readonly CodeableConcept[];
  readonly code: CodeableConcept;
  readonly subject?: Reference;
  readonly effectiveDateTime?: string;
  readonly effectiveInstant?: string;
  readonly effectivePeriod?: Period;
  readonly issued?: string;
  readonly valueQuantity?: Quantity;
  readonly valueCodeableConcept?: CodeableConcept;
  readonly valueString?: string;
  readonly valueBoolean?: boolean;
  readonly valueInteger?: number;
  readonly component?: readonly ObservationComponent[];
  readonly device?: Reference;
}

export interface Patient extends Resource {
  readonly resourceType: 'Patient';
  readonly identifier?: readonly Identifier[];
}

export interface MedicationAdministration extends Resource {
  readonly resourceType: 'MedicationAdministration';
  readonly status: string;
  readonly medicationCodeableConcept?: CodeableConcept;
  readonly subject: Reference;
  readonly effectiveDateTime?: string;
  readonly effectivePeriod?: Period;
  readonly dosage?: { readonly dose?: Quantity; readonly rateQuantity?: Quantity; readonly route?: CodeableConcept };
}

/** R4 Timing.repeat, the fields a daily schedule needs (https://hl7.org/fhir/R4/datatypes.html#Timing). */
export interface TimingRepeat {
  readonly boundsPeriod?: Period;
  readonly frequency?: number;
  readonly period?: number;
  readonly periodUnit?: string;
}

export interface Dosage {
  readonly timing?: { readonly repeat?: TimingRepeat };
  readonly doseAndRate?: readonly { readonly doseQuantity?: Quantity }[];
}

export interface MedicationRequest extends Resource {
  readonly resourceType: 'MedicationRequest';
  readonly status: string;
  readonly intent: string;
  readonly medicationCodeableConcept?: CodeableConcept;
  readonly subject: Reference;
  readonly authoredOn?: string;
  readonly dosageInstruction?: readonly Dosage[];
}

export type BundleType = 'transaction' | 'batch' | 'transaction-response' | 'batch-response' | 'searchset' | 'collection';

export type HttpVerb = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface BundleEntryRequest {
  readonly method: HttpVerb;
  readonly url: string;
  readonly ifNoneExist?: string;
}

export interface BundleEntryResponse {
  /** HTTP status line, e.g. "201 Created". */
  readonly status: string;
  readonly location?: string;
  readonly outcome?: OperationOutcome;
}

export interface BundleEntry<R extends Resource = Resource> {
  readonly fullUrl?: string;
  readonly resource?: R;
  readonly request?: BundleEntryRequest;
  readonly response?: BundleEntryResponse;
  readonly search?: { readonly mode?: 'match' | 'include' };
}

export interface Bundle<R extends Resource = Resource> {
  readonly resourceType: 'Bundle';
  readonly id?: string;
  readonly type: BundleType;
  readonly total?: number;
  readonly link?: readonly { readonly relation: string; readonly url: string }[];
  readonly entry?: readonly BundleEntry<R>[];
}

/** R4 ValueSet issue-severity. */
export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';

/** The subset of R4 ValueSet issue-type we emit (https://hl7.org/fhir/R4/valueset-issue-type.html). */
export const ISSUE_TYPES = [
  'invalid',
  'structure',
  'required',
  'value',
  'invariant',
  'not-supported',
  'not-found',
  'multiple-matches',
  'code-invalid',
  'too-costly',
  'too-long',
  'business-rule',
  'conflict',
  'throttled',
  'exception',
  'transient',
  'processing',
  'login',
  'forbidden',
  'informational',
] as const;

export type IssueType = (typeof ISSUE_TYPES)[number];

export interface OperationOutcomeIssue {
  readonly severity: IssueSeverity;
  readonly code: IssueType;
  readonly diagnostics?: string;
  /** FHIRPath-like locations, e.g. `Bundle.entry[3].resource.valueQuantity.value`. */
  readonly expression?: readonly string[];
}

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly OperationOutcomeIssue[];
}
