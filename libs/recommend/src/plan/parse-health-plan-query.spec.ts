import { describe, expect, it } from 'vitest';
import { parseHealthPlanQuery } from './parse-health-plan-query';

describe(parseHealthPlanQuery.name, () => {
  it('should read the clock and the format, with their defaults', () => {
    expect(parseHealthPlanQuery({})).toEqual({ utcOffsetMin: 0, format: 'json' });
    expect(parseHealthPlanQuery({ utc_offset: '-05:30', format: 'fhir' })).toEqual({ utcOffsetMin: -330, format: 'fhir' });
  });

  it('should refuse an unknown parameter, format or offset, naming it', () => {
    expect(() => parseHealthPlanQuery({ horizon: 'P1D' })).toThrow(/^horizon: is not a field here/);
    expect(() => parseHealthPlanQuery({ format: 'xml' })).toThrow(/^format: must be one of json, fhir$/);
    expect(() => parseHealthPlanQuery({ utc_offset: '+15:00' })).toThrow(/^utc_offset: /);
  });
});
