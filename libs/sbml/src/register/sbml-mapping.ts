/**
 * The small mapping file that makes an imported SBML model usable like a built-in one: the model's time unit,
 * observables (expressions over SBML ids) mapped to UCUM units and LOINC codes, and the dose routes that
 * scenarios may use (an amount added to a species, or a zero-order infusion into a species).
 *
 *   { "id": "pk-two-compartment", "time_unit": "h",
 *     "outputs": [{ "name": "conc_mg_l", "expression": "C1", "unit": "mg/L", "loinc": "…" }],
 *     "routes":  { "iv": { "species": "C1" }, "infusion": { "species": "C1", "duration_min": 60 } } }
 */
export interface SbmlOutputMapping {
  readonly name: string;
  readonly expression: string;
  readonly unit: string;
  readonly loinc?: string;
}

export interface SbmlRouteMapping {
  readonly species: string;
  /** Multiplies the scenario's dose amount (e.g. bioavailability or a unit conversion). */
  readonly scale?: number;
  /** When set, the dose is infused at a constant rate over this many minutes instead of added at once. */
  readonly duration_min?: number;
}

export interface SbmlMapping {
  readonly id?: string;
  readonly time_unit: 's' | 'min' | 'h' | 'd';
  readonly outputs?: readonly SbmlOutputMapping[];
  readonly routes?: Readonly<Record<string, SbmlRouteMapping>>;
}

export class SbmlMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SbmlMappingError';
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function requireKeys(value: Record<string, unknown>, at: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new SbmlMappingError(`${at}${key}: unknown field (expected one of ${allowed.join(', ')})`);
  }
}

function text(value: unknown, at: string, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new SbmlMappingError(`${at}: must be a non-empty string`);
  return value;
}

function positive(value: unknown, at: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new SbmlMappingError(`${at}: must be a positive number`);
  return value;
}

/** Validates parsed JSON into a mapping; every error names the offending field, e.g. `outputs[0].unit`. */
export function parseSbmlMapping(json: unknown): SbmlMapping {
  if (!isRecord(json)) throw new SbmlMappingError('mapping: must be a JSON object');
  requireKeys(json, '', ['id', 'time_unit', 'outputs', 'routes']);
  const timeUnit = json.time_unit;
  if (timeUnit !== 's' && timeUnit !== 'min' && timeUnit !== 'h' && timeUnit !== 'd') {
    throw new SbmlMappingError('time_unit: must be one of s, min, h, d (the unit of the SBML model\'s time)');
  }
  let outputs: SbmlOutputMapping[] | undefined;
  if (json.outputs !== undefined) {
    if (!Array.isArray(json.outputs)) throw new SbmlMappingError('outputs: must be an array');
    outputs = json.outputs.map((item: unknown, k): SbmlOutputMapping => {
      const at = `outputs[${k}]`;
      if (!isRecord(item)) throw new SbmlMappingError(`${at}: must be an object`);
      requireKeys(item, `${at}.`, ['name', 'expression', 'unit', 'loinc']);
      const loinc = text(item.loinc, `${at}.loinc`, true);
      return {
        name: text(item.name, `${at}.name`)!,
        expression: text(item.expression, `${at}.expression`)!,
        unit: text(item.unit, `${at}.unit`)!,
        ...(loinc === undefined ? {} : { loinc }),
      };
    });
  }
  let routes: Record<string, SbmlRouteMapping> | undefined;
  if (json.routes !== undefined) {
    if (!isRecord(json.routes)) throw new SbmlMappingError('routes: must be an object of route name → { species, scale?, duration_min? }');
    routes = {};
    for (const [name, item] of Object.entries(json.routes)) {
      const at = `routes.${name}`;
      if (!isRecord(item)) throw new SbmlMappingError(`${at}: must be an object`);
      requireKeys(item, `${at}.`, ['species', 'scale', 'duration_min']);
      const scale = positive(item.scale, `${at}.scale`);
      const duration = positive(item.duration_min, `${at}.duration_min`);
      routes[name] = {
        species: text(item.species, `${at}.species`)!,
        ...(scale === undefined ? {} : { scale }),
        ...(duration === undefined ? {} : { duration_min: duration }),
      };
    }
  }
  const id = text(json.id, 'id', true);
  return { time_unit: timeUnit, ...(id === undefined ? {} : { id }), ...(outputs ? { outputs } : {}), ...(routes ? { routes } : {}) };
}
