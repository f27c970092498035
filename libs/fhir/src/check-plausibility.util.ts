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
  const range = PLAUSIBILITY_TABLE[codeSystem === LOINC_SYSTEM ? code : `${codeSystem}|${code}`];
  if (range === undefined) return undefined;
  // a LOINC code is converted to its table unit where it can be; another code is never converted, so its unit must be the table's
  if (range.unit !== unit) return codeSystem === LOINC_SYSTEM ? undefined : `${codeSystem}|${code} must be in ${range.unit}, got ${unit}`;
  if (value >= range.min && value <= range.max) return undefined;
  return `${codeSystem === LOINC_SYSTEM ? 'LOINC ' : `${codeSystem}|`}${code} must be within ${range.min}-${range.max} ${range.unit} to be physiologically plausible, got ${value} ${unit}`;
}
