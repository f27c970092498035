/**
 * The what-if request (POST /v1/twins/:patientId/simulations), checked field by field before anything is run:
 * each refusal names the field (`arms[1].changes[0].grams_per_unit`). The envelope of a change (kind, start, end)
 * is read here; its own fields by the plug-in that registered the kind.
 */
import { isoDurationMinutes } from '@shuji/contracts';
import { RecommendInputError } from '../shared/recommend-input.error';
import { arrayAt, numberIn, objectAt, onlyFields } from '../shared/request-fields.util';
import type { WhatIfArm, WhatIfChange, WhatIfRequest } from './what-if-plugin';
import type { WhatIfRegistry } from './what-if-registry';

/** The longest horizon: 90 days of 64 members is about 15 s of CPU per arm (2.5 ms a member-day, docs/benchmarks.md). */
export const MAX_HORIZON_MIN = 90 * 1440;
/** The simulation's step (and the spacing of its glucose samples, as a CGM's). */
export const WHAT_IF_STEP_MIN = 5;
export const MAX_ARMS = 8;
export const MAX_CHANGES_PER_ARM = 16;

const FIELDS = ['horizon', 'seed', 'utc_offset', 'current', 'arms'];
const ENVELOPE = ['kind', 'start', 'end'];

/** An ISO 8601 duration of weeks, days, hours and minutes (`P14D`, `PT36H`, `P1W2DT12H`), in minutes. */
export function parseIsoDurationMin(text: unknown, field: string): number {
  const minutes = isoDurationMinutes(text);
  if (minutes === undefined) throw new RecommendInputError(field, 'must be an ISO 8601 duration of weeks, days, hours and minutes, e.g. "P14D" or "PT36H"');
  return minutes;
}

function horizonOf(value: unknown): number {
  const minutes = parseIsoDurationMin(value, 'horizon');
  if (minutes < 60 || minutes > MAX_HORIZON_MIN) throw new RecommendInputError('horizon', `must be from PT1H to P${MAX_HORIZON_MIN / 1440}D`);
  if (minutes % WHAT_IF_STEP_MIN !== 0) throw new RecommendInputError('horizon', `must be a whole number of ${WHAT_IF_STEP_MIN}-minute steps`);
  return minutes;
}

/** "Z" or "±HH:MM" → minutes east of UTC (RecommendInputError naming `utc_offset`). */
export function utcOffsetOf(value: unknown): number {
  if (value === undefined || value === 'Z') return 0;
  const match = typeof value === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(value) : null;
  const minutes = match === null ? Number.NaN : (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  if (!(Math.abs(minutes) <= 14 * 60)) throw new RecommendInputError('utc_offset', 'must be "Z" or an offset from -14:00 to +14:00 such as "+01:00"');
  return minutes;
}

function dateTimeOf(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  // an offset is required: a date-time without one would be read in the server's zone
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new RecommendInputError(field, 'must be an ISO 8601 date-time with an offset, e.g. "2026-12-10T00:00:00Z"');
  return ms;
}

function changeOf(value: unknown, field: string, registry: WhatIfRegistry): WhatIfChange {
  const body = objectAt(value, field);
  const kind = body.kind;
  const plugin = typeof kind === 'string' ? registry.pluginFor(kind) : undefined;
  if (plugin === undefined || typeof kind !== 'string') {
    throw new RecommendInputError(`${field}.kind`, `must be one of the registered change kinds: ${registry.kinds.join(', ')}`);
  }
  const startMs = dateTimeOf(body.start, `${field}.start`);
  const endMs = dateTimeOf(body.end, `${field}.end`);
  if (startMs !== undefined && endMs !== undefined && endMs <= startMs) throw new RecommendInputError(`${field}.end`, 'must be after start');
  const own = Object.fromEntries(Object.entries(body).filter(([key]) => !ENVELOPE.includes(key)));
  return { kind, field, startMs, endMs, value: plugin.parseChange(kind, own, field) };
}

function changesOf(value: unknown, field: string, registry: WhatIfRegistry): WhatIfChange[] {
  if (value === undefined) return [];
  return arrayAt(value, field, 0, MAX_CHANGES_PER_ARM).map((c, i) => changeOf(c, `${field}[${i}]`, registry));
}

function armOf(value: unknown, field: string, registry: WhatIfRegistry): WhatIfArm {
  const body = objectAt(value, field);
  onlyFields(body, ['name', 'changes'], `${field}.`);
  const name = body.name;
  if (typeof name !== 'string' || name.trim() === '' || !/^[^\p{Cc}]{1,64}$/u.test(name)) {
    throw new RecommendInputError(`${field}.name`, 'must be 1 to 64 characters, not only spaces, no control characters');
  }
  return { name, changes: changesOf(body.changes, `${field}.changes`, registry) };
}

export function parseWhatIfRequest(body: unknown, registry: WhatIfRegistry): WhatIfRequest {
  const record = objectAt(body, 'body');
  onlyFields(record, FIELDS);
  const horizonMin = horizonOf(record.horizon);
  const seed = record.seed === undefined ? 1 : numberIn(record.seed, 'seed', 0, 2 ** 31 - 1);
  if (!Number.isInteger(seed)) throw new RecommendInputError('seed', 'must be an integer');
  const arms = arrayAt(record.arms, 'arms', 1, MAX_ARMS).map((a, i) => armOf(a, `arms[${i}]`, registry));
  const twice = arms.findIndex((a, i) => arms.findIndex((b) => b.name === a.name) !== i);
  if (twice >= 0) throw new RecommendInputError(`arms[${twice}].name`, 'must differ from the other arms’ names');
  return {
    horizon: record.horizon as string,
    horizonMin,
    seed,
    utcOffsetMin: utcOffsetOf(record.utc_offset),
    current: changesOf(record.current, 'current', registry),
    arms,
  };
}
