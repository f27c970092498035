import { UCUM_UNITS, UNIT_ALIASES, type UnitDefinition } from './ucum-units';

export type UnitConversion = { readonly ok: true; readonly value: number; readonly unit: string } | { readonly ok: false; readonly message: string };

/** The UCUM code for a unit string: device spellings (`mg/dl`, `lbs`, `°F`, `mmHg`) become their UCUM code. */
export function normaliseUnitSymbol(unit: string): string {
  const trimmed = unit.trim();
  return UNIT_ALIASES[trimmed] ?? trimmed;
}

/** Curly-brace annotations carry no meaning in UCUM (`{beats}/min` ≡ `/min`, `{score}` ≡ `1`), so lookup drops them. */
function lookupUnit(code: string): UnitDefinition | undefined {
  const stripped = code.replace(/\{[^}]*\}/g, '');
  const bare = stripped === '' ? '1' : stripped;
  return UCUM_UNITS[bare] ?? UCUM_UNITS[UNIT_ALIASES[bare] ?? ''];
}

/**
 * Converts `value` from one UCUM unit to another of the same kind. Between mass and molar concentrations the
 * analyte's molar mass M (g/mol) is needed: c[g/L] = c[mol/L]·M. For glucose, M = 180.156 g/mol (C6H12O6), so
 * 1 mmol/L = 18.0156 mg/dL (the factor used throughout clinical chemistry, e.g. Tietz Textbook of Clinical
 * Chemistry, 6th ed., conversion tables).
 */
export function convertUnit(value: number, from: string, to: string, molarMass?: number): UnitConversion {
  if (!Number.isFinite(value)) return { ok: false, message: `value ${value} is not a finite number` };
  const fromCode = normaliseUnitSymbol(from);
  const toCode = normaliseUnitSymbol(to);
  if (fromCode === toCode) return { ok: true, value, unit: toCode };
  const a = lookupUnit(fromCode);
  const b = lookupUnit(toCode);
  if (a === undefined) return { ok: false, message: `unit "${from}" is not a UCUM unit Shuji converts` };
  if (b === undefined) return { ok: false, message: `unit "${to}" is not a UCUM unit Shuji converts` };
  let base = toBase(value, a);
  if (a.kind !== b.kind) {
    const molar = crossMolar(a, b, molarMass);
    if (molar === undefined) return { ok: false, message: `cannot convert ${from} (${a.kind}) to ${to} (${b.kind})${needsMolarMass(a, b) ? ' without the molar mass of the analyte' : ''}` };
    base *= molar;
  }
  const converted = fromBase(base, b);
  // a finite value can overflow in the conversion (1e307 mmol/L is Infinity mg/dL)
  if (!Number.isFinite(converted)) return { ok: false, message: `${value} ${from} is not a finite number of ${to}` };
  return { ok: true, value: converted, unit: toCode };
}

function toBase(value: number, u: UnitDefinition): number {
  return value * u.factor + (u.offset ?? 0);
}

function fromBase(base: number, u: UnitDefinition): number {
  return (base - (u.offset ?? 0)) / u.factor;
}

function needsMolarMass(a: UnitDefinition, b: UnitDefinition): boolean {
  const kinds = new Set([a.kind, b.kind]);
  return kinds.has('mass-concentration') && kinds.has('molar-concentration');
}

/** Multiplier from a's base to b's base when they are mass vs molar concentration. */
function crossMolar(a: UnitDefinition, b: UnitDefinition, molarMass: number | undefined): number | undefined {
  if (!needsMolarMass(a, b) || molarMass === undefined || !(molarMass > 0)) return undefined;
  return a.kind === 'molar-concentration' ? molarMass : 1 / molarMass;
}
