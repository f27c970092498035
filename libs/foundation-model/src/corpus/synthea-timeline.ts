/**
 * A FHIR R4 Bundle's numeric Observations (valueQuantity, and components such as the systolic/diastolic of a
 * blood-pressure panel) as a timeline: LOINC code, minutes since the first observation, value in its unit.
 * Only codes in `keep` are kept. Shape checks are light on purpose: unreadable entries are skipped, not fatal.
 */
import type { TimelineObservation } from './observation-codes';

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function loinc(codeable: unknown): string | undefined {
  if (!isObject(codeable) || !Array.isArray(codeable.coding)) return undefined;
  for (const coding of codeable.coding) {
    if (isObject(coding) && coding.system === 'http://loinc.org' && typeof coding.code === 'string') return coding.code;
  }
  return undefined;
}

function quantity(value: unknown): number | undefined {
  return isObject(value) && typeof value.value === 'number' && Number.isFinite(value.value) ? value.value : undefined;
}

export function bundleTimeline(bundle: unknown, keep: ReadonlySet<string>): TimelineObservation[] {
  if (!isObject(bundle) || !Array.isArray(bundle.entry)) return [];
  const raw: { c: string; ms: number; v: number }[] = [];
  for (const entry of bundle.entry) {
    const resource = isObject(entry) ? entry.resource : undefined;
    if (!isObject(resource) || resource.resourceType !== 'Observation') continue;
    const when = resource.effectiveDateTime;
    const ms = typeof when === 'string' ? Date.parse(when) : NaN;
    if (!Number.isFinite(ms)) continue;
    const parts: { code: unknown; value: unknown }[] = [{ code: resource.code, value: resource.valueQuantity }];
    if (Array.isArray(resource.component)) {
      for (const component of resource.component) {
        if (isObject(component)) parts.push({ code: component.code, value: component.valueQuantity });
      }
    }
    for (const part of parts) {
      const c = loinc(part.code);
      const v = quantity(part.value);
      if (c !== undefined && v !== undefined && keep.has(c)) raw.push({ c, ms, v });
    }
  }
  if (raw.length === 0) return [];
  const start = Math.min(...raw.map((o) => o.ms));
  return raw
    .map((o) => ({ c: o.c, t: Math.round((o.ms - start) / 60000), v: o.v }))
    .sort((a, b) => a.t - b.t || a.c.localeCompare(b.c));
}
