/**
 * The query of a health-plan read (`GET …/health-plan?utc_offset=+01:00&format=fhir`), each refusal naming its
 * parameter: `utc_offset` as a what-if's (the person's clock), `format` `json` (default) or `fhir` (a CarePlan).
 */
import { RecommendInputError } from '../shared/recommend-input.error';
import { onlyFields } from '../shared/request-fields.util';
import { utcOffsetOf } from '../whatif/parse-what-if-request';

export const HEALTH_PLAN_FORMATS = ['json', 'fhir'] as const;
export type HealthPlanFormat = (typeof HEALTH_PLAN_FORMATS)[number];

export interface HealthPlanQuery {
  readonly utcOffsetMin: number;
  readonly format: HealthPlanFormat;
}

export function parseHealthPlanQuery(query: Readonly<Record<string, unknown>>): HealthPlanQuery {
  onlyFields(query, ['utc_offset', 'format']);
  const format = query.format ?? 'json';
  if (!HEALTH_PLAN_FORMATS.includes(format as HealthPlanFormat)) throw new RecommendInputError('format', `must be one of ${HEALTH_PLAN_FORMATS.join(', ')}`);
  return { utcOffsetMin: utcOffsetOf(query.utc_offset), format: format as HealthPlanFormat };
}
