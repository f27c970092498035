/**
 * A recommendation request (POST /v1/twins/:patientId/recommendations/:kind), checked field by field before anything
 * runs, each refusal naming its field: `horizon`, `seed`, `utc_offset` and `current` as a what-if's (read by
 * parseWhatIfRequest, so the same rules and messages), `limits` by the kind's plug-in, `options` here.
 */
import { RecommendInputError } from '../shared/recommend-input.error';
import { numberIn, objectAt, onlyFields } from '../shared/request-fields.util';
import { parseWhatIfRequest } from '../whatif/parse-what-if-request';
import type { WhatIfRegistry } from '../whatif/what-if-registry';
import type { OptimiseRequest } from './optimise-plans';
import type { OptimisePlugin } from './optimise-plugin';
import type { OptimiseRegistry } from './optimise-registry';

/** The longest horizon of a recommendation's final scoring (its cost grows with it: 64 members × 28 days ≈ 5 s an arm). */
export const MAX_OPTIMISE_HORIZON_MIN = 28 * 1440;
export const DEFAULT_OPTIMISE_HORIZON = 'P7D';
export const MAX_OPTIONS = 10;

export function optimisePluginFor(kind: string, registry: OptimiseRegistry): OptimisePlugin {
  const plugin = registry.pluginFor(kind);
  if (plugin === undefined) throw new RecommendInputError('kind', `must be one of the registered recommendation kinds: ${registry.kinds.join(', ')}`);
  return plugin;
}

export function parseOptimiseRequest(body: unknown, plugin: OptimisePlugin, whatIfRegistry: WhatIfRegistry): OptimiseRequest {
  const record = objectAt(body ?? {}, 'body');
  onlyFields(record, ['horizon', 'seed', 'utc_offset', 'current', 'limits', 'options']);
  const horizon = record.horizon ?? DEFAULT_OPTIMISE_HORIZON;
  const { limits, options, ...clock } = record;
  const whatIf = parseWhatIfRequest({ ...clock, horizon, arms: [{ name: 'current' }] }, whatIfRegistry);
  if (whatIf.horizonMin > MAX_OPTIMISE_HORIZON_MIN) throw new RecommendInputError('horizon', `must be at most P${MAX_OPTIMISE_HORIZON_MIN / 1440}D for a recommendation`);
  const count = options === undefined ? 3 : numberIn(options, 'options', 1, MAX_OPTIONS);
  if (!Number.isInteger(count)) throw new RecommendInputError('options', 'must be an integer');
  return {
    horizon: whatIf.horizon,
    horizonMin: whatIf.horizonMin,
    seed: whatIf.seed,
    utcOffsetMin: whatIf.utcOffsetMin,
    current: whatIf.current,
    limits: plugin.parseLimits(limits, 'limits'),
    options: count,
  };
}
