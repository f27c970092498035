import { LOINC_SYSTEM } from './canonical-observation';
import { PLAUSIBILITY_TABLE } from './plausibility-table';

/**
 * Why a quantity in the canonical unit of its code is not plausible, or undefined when it is. Values are checked
 * after unit conversion (a finite 1e307 mmol/L can become Infinity mg/dL), so a non-finite value always fails.
 * A quantity in another unit than the table's (a code sent in a unit that is not converted) is checked only for
 * being finite.
 */
export function plausibilityError(codeSystem: string, code: string, value: number, unit: string): string | undefined {
  if (!Number.isFinite(value)) return `value ${value} is not a finite number`;
  const range = codeSystem === LOINC_SYSTEM ? PLAUSIBILITY_TABLE[code] : undefined;
  if (range === undefined || range.unit !== unit) return undefined;
  if (value >= range.min && value <= range.max) return undefined;
  return `LOINC ${code} must be within ${range.min}-${range.max} ${range.unit} to be physiologically plausible, got ${value} ${unit}`;
}
