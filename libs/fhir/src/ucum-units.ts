/**
 * The UCUM units ingest converts between (Schadow G, McDonald CJ. The Unified Code for Units of Measure,
 * v2.1, Regenstrief Institute 2017, https://ucum.org/ucum). Each unit is a kind plus a factor to the kind's
 * base unit (an offset too for temperatures). Factors are UCUM's own definitions:
 * [lb_av] = 453.59237 g, [oz_av] = [lb_av]/16, [in_i] = 2.54 cm, [ft_i] = 12 [in_i], [mi_i] = 5280 [ft_i],
 * mm[Hg] = 133.322 Pa (m[Hg] = 133.3220 kPa), cm[H2O] = 98.0665 Pa, cal = cal_th = 4.184 J,
 * Cel = K − 273.15, [degF] = 5/9 K with 0 °F = 459.67·5/9 K.
 */

export type UnitKind =
  | 'mass'
  | 'length'
  | 'temperature'
  | 'pressure'
  | 'mass-concentration'
  | 'molar-concentration'
  | 'volume'
  | 'time'
  | 'rate'
  | 'energy'
  | 'fraction'
  | 'bmi';

export interface UnitDefinition {
  readonly kind: UnitKind;
  /** base = value·factor + offset. */
  readonly factor: number;
  readonly offset?: number;
}

const LB_G = 453.59237;
const IN_M = 0.0254;

export const UCUM_UNITS: Readonly<Record<string, UnitDefinition>> = {
  // mass, base g
  g: { kind: 'mass', factor: 1 },
  kg: { kind: 'mass', factor: 1e3 },
  mg: { kind: 'mass', factor: 1e-3 },
  ug: { kind: 'mass', factor: 1e-6 },
  '[lb_av]': { kind: 'mass', factor: LB_G },
  '[oz_av]': { kind: 'mass', factor: LB_G / 16 },
  // length, base m
  m: { kind: 'length', factor: 1 },
  km: { kind: 'length', factor: 1e3 },
  cm: { kind: 'length', factor: 1e-2 },
  mm: { kind: 'length', factor: 1e-3 },
  '[in_i]': { kind: 'length', factor: IN_M },
  '[ft_i]': { kind: 'length', factor: 12 * IN_M },
  '[mi_i]': { kind: 'length', factor: 5280 * 12 * IN_M },
  // temperature, base K
  K: { kind: 'temperature', factor: 1 },
  Cel: { kind: 'temperature', factor: 1, offset: 273.15 },
  '[degF]': { kind: 'temperature', factor: 5 / 9, offset: 273.15 - (32 * 5) / 9 },
  // pressure, base Pa
  Pa: { kind: 'pressure', factor: 1 },
  kPa: { kind: 'pressure', factor: 1e3 },
  'mm[Hg]': { kind: 'pressure', factor: 133.322 },
  'cm[H2O]': { kind: 'pressure', factor: 98.0665 },
  // mass concentration, base g/L
  'g/L': { kind: 'mass-concentration', factor: 1 },
  'g/dL': { kind: 'mass-concentration', factor: 10 },
  'mg/dL': { kind: 'mass-concentration', factor: 1e-2 },
  'mg/L': { kind: 'mass-concentration', factor: 1e-3 },
  'ug/dL': { kind: 'mass-concentration', factor: 1e-5 },
  'ug/L': { kind: 'mass-concentration', factor: 1e-6 },
  'ng/mL': { kind: 'mass-concentration', factor: 1e-6 },
  'pg/mL': { kind: 'mass-concentration', factor: 1e-9 },
  // molar concentration, base mol/L
  'mol/L': { kind: 'molar-concentration', factor: 1 },
  'mmol/L': { kind: 'molar-concentration', factor: 1e-3 },
  'umol/L': { kind: 'molar-concentration', factor: 1e-6 },
  'nmol/L': { kind: 'molar-concentration', factor: 1e-9 },
  'pmol/L': { kind: 'molar-concentration', factor: 1e-12 },
  // volume, base L
  L: { kind: 'volume', factor: 1 },
  dL: { kind: 'volume', factor: 0.1 },
  mL: { kind: 'volume', factor: 1e-3 },
  // time, base s
  s: { kind: 'time', factor: 1 },
  min: { kind: 'time', factor: 60 },
  h: { kind: 'time', factor: 3600 },
  d: { kind: 'time', factor: 86400 },
  // rate, base /min
  '/min': { kind: 'rate', factor: 1 },
  '/s': { kind: 'rate', factor: 60 },
  '/h': { kind: 'rate', factor: 1 / 60 },
  '/d': { kind: 'rate', factor: 1 / 1440 },
  // energy, base kcal
  kcal: { kind: 'energy', factor: 1 },
  cal: { kind: 'energy', factor: 1e-3 },
  kJ: { kind: 'energy', factor: 1 / 4.184 },
  J: { kind: 'energy', factor: 1e-3 / 4.184 },
  // dimensionless fraction, base %
  '%': { kind: 'fraction', factor: 1 },
  '1': { kind: 'fraction', factor: 100 },
  // body-mass index, base kg/m2
  'kg/m2': { kind: 'bmi', factor: 1 },
};

/** Spellings devices and older systems send instead of the UCUM code. */
export const UNIT_ALIASES: Readonly<Record<string, string>> = {
  'mg/dl': 'mg/dL',
  'g/dl': 'g/dL',
  'mmol/l': 'mmol/L',
  'umol/l': 'umol/L',
  mcg: 'ug',
  'µg': 'ug',
  'μg': 'ug',
  'µmol/L': 'umol/L',
  'μmol/L': 'umol/L',
  'g/l': 'g/L',
  lb: '[lb_av]',
  lbs: '[lb_av]',
  oz: '[oz_av]',
  in: '[in_i]',
  inch: '[in_i]',
  ft: '[ft_i]',
  '°C': 'Cel',
  degC: 'Cel',
  C: 'Cel',
  '°F': '[degF]',
  degF: '[degF]',
  F: '[degF]',
  mmHg: 'mm[Hg]',
  'mm Hg': 'mm[Hg]',
  bpm: '/min',
  'beats/min': '/min',
  'breaths/min': '/min',
  'kg/m²': 'kg/m2',
  Kcal: 'kcal',
  ml: 'mL',
  l: 'L',
};
