/**
 * The drafted MedicationRequests of an order-select / order-sign hook that Shuji has something to say about
 * (warfarin, amlodipine: the drugs its twin models, @shuji/fhir's DRUG_TABLE), with their daily dose in mg when
 * the order states one (doseQuantity in a mass unit × timing frequency per period; once a day if no timing).
 */
import { atcOfDrug, checkDrugDose } from '@shuji/fhir';
import type { CdsHookRequest } from './cds-hooks.types';
import { codingsOf, firstOf, num, objectOf, resourcesOf, str, type FhirResource } from './fhir-prefetch.util';

export const WARFARIN_ATC = 'B01AA03';
export const AMLODIPINE_ATC = 'C08CA01';

export interface DraftMedicationOrder {
  readonly resource: FhirResource;
  readonly atc: string;
  /** The ordered mg per day, or null when the order gives no mass dose Shuji can read. */
  readonly dailyMg: number | null;
}

const PERIOD_DAYS: Readonly<Record<string, number>> = { h: 1 / 24, d: 1, wk: 7, mo: 30 };

function dailyDose(order: FhirResource, atc: string): number | null {
  const dosage = firstOf(order.dosageInstruction);
  const quantity = objectOf(objectOf(firstOf(dosage?.doseAndRate))?.doseQuantity);
  const value = num(quantity?.value);
  const unit = str(quantity?.code) ?? str(quantity?.unit);
  if (value === undefined || unit === undefined) return null;
  const dose = checkDrugDose(atc, value, unit);
  if (!dose.ok) return null;
  const repeat = objectOf(objectOf(dosage?.timing)?.repeat);
  const frequency = num(repeat?.frequency) ?? 1;
  const periodDays = (num(repeat?.period) ?? 1) * (PERIOD_DAYS[str(repeat?.periodUnit) ?? 'd'] ?? Number.NaN);
  return Number.isFinite(periodDays) && periodDays > 0 ? (dose.mg * frequency) / periodDays : null;
}

/** The drafted orders of the drugs Shuji models; for order-select, only the selected ones. */
export function draftMedicationOrders(request: CdsHookRequest): DraftMedicationOrder[] {
  const selected = request.context.selections === undefined ? undefined : new Set(request.context.selections);
  const orders: DraftMedicationOrder[] = [];
  for (const resource of resourcesOf(request.context.draftOrders)) {
    if (resource.resourceType !== 'MedicationRequest') continue;
    if (selected !== undefined && !selected.has(`MedicationRequest/${str(resource.id) ?? ''}`)) continue;
    const atc = codingsOf(resource.medicationCodeableConcept).map(atcOfDrug).find((a) => a === WARFARIN_ATC || a === AMLODIPINE_ATC);
    if (atc !== undefined) orders.push({ resource, atc, dailyMg: dailyDose(resource, atc) });
  }
  return orders;
}

/** Whether any active medication (prefetch `medications`) or draft order matches `pattern` by name or `atc`. */
export function takesDrug(request: CdsHookRequest, atcPrefixes: readonly string[], pattern: RegExp): boolean {
  const resources = [...resourcesOf(request.prefetch.medications), ...resourcesOf(request.context.draftOrders)];
  return resources.some((r) =>
    codingsOf(r.medicationCodeableConcept).some((c) => (c.system === 'http://www.whocc.no/atc' && atcPrefixes.some((p) => c.code?.startsWith(p) === true)) || pattern.test(c.display ?? '')),
  );
}
