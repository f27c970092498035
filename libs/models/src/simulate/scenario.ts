/**
 * The scenario file of `shuji simulate` (a contract of the CLI). Times are minutes from midnight (t = 0).
 *
 *   { "duration_min": 1440,
 *     "meals":    [{ "t_min": 420, "carbs_g": 60 }],        eaten at 5 g/min from t_min
 *     "boluses":  [{ "t_min": 420, "units": 5 }],           insulin, delivered evenly over one minute
 *     "basal_u_per_min": "patient-default" | 0.0125,        continuous insulin
 *     "doses":    [{ "t_min": 480, "amount": 5, "route": "oral" }] }   drugs, mapped by the model's registration
 */

export interface ScenarioMeal {
  readonly t_min: number;
  readonly carbs_g: number;
}

export interface ScenarioBolus {
  readonly t_min: number;
  readonly units: number;
}

export interface ScenarioDose {
  readonly t_min: number;
  /** In the unit the model's registration documents for that route (e.g. mg). */
  readonly amount: number;
  /** Route name the model registers (e.g. "oral", "iv-bolus"); default: the model's first route. */
  readonly route?: string;
}

export interface Scenario {
  readonly duration_min: number;
  readonly meals: readonly ScenarioMeal[];
  readonly boluses: readonly ScenarioBolus[];
  readonly basal_u_per_min?: number | 'patient-default';
  readonly doses: readonly ScenarioDose[];
}

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Validates parsed JSON into a Scenario; every error names the offending field, e.g. `meals[1].carbs_g`. */
export function parseScenario(json: unknown): Scenario {
  if (!isRecord(json)) throw new ScenarioError('scenario: must be a JSON object');
  const known = new Set(['duration_min', 'meals', 'boluses', 'basal_u_per_min', 'doses']);
  for (const key of Object.keys(json)) {
    if (!known.has(key)) throw new ScenarioError(`${key}: unknown field (expected one of ${[...known].join(', ')})`);
  }
  const duration = json.duration_min;
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0) {
    throw new ScenarioError('duration_min: must be a positive number of minutes');
  }
  const list = <T>(field: string, read: (item: Record<string, unknown>, at: string) => T): T[] => {
    const value = json[field];
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new ScenarioError(`${field}: must be an array`);
    return value.map((item, k) => {
      const at = `${field}[${k}]`;
      if (!isRecord(item)) throw new ScenarioError(`${at}: must be an object`);
      return read(item, at);
    });
  };
  const time = (item: Record<string, unknown>, at: string): number => {
    const t = item.t_min;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > duration) {
      throw new ScenarioError(`${at}.t_min: must be a number of minutes within [0, duration_min]`);
    }
    return t;
  };
  const amount = (item: Record<string, unknown>, at: string, field: string): number => {
    const v = item[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new ScenarioError(`${at}.${field}: must be a non-negative number`);
    }
    return v;
  };
  const meals = list('meals', (item, at) => ({ t_min: time(item, at), carbs_g: amount(item, at, 'carbs_g') }));
  const boluses = list('boluses', (item, at) => ({ t_min: time(item, at), units: amount(item, at, 'units') }));
  const doses = list('doses', (item, at) => {
    const route = item.route;
    if (route !== undefined && typeof route !== 'string') throw new ScenarioError(`${at}.route: must be a string`);
    return { t_min: time(item, at), amount: amount(item, at, 'amount'), ...(route === undefined ? {} : { route }) };
  });
  const basal = json.basal_u_per_min;
  if (basal !== undefined && basal !== 'patient-default' && (typeof basal !== 'number' || !(basal >= 0))) {
    throw new ScenarioError('basal_u_per_min: must be a non-negative number or "patient-default"');
  }
  return { duration_min: duration, meals, boluses, doses, ...(basal === undefined ? {} : { basal_u_per_min: basal }) };
}
