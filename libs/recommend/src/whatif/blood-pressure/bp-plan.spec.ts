import { describe, expect, it } from 'vitest';
import { bpPlanSuggestions, bpPlanTargets } from './bp-plan';

const input = { meanSbp: 142, meanDbp: 86, readings: 14, amlodipineMgPerDay: 0, daysWithDose: 14, days: 14 };

describe(bpPlanSuggestions.name, () => {
  it('should suggest starting 5 mg above target off the drug, the next label step on it, and nothing at target', () => {
    expect(bpPlanSuggestions(input).map((s) => [s.id, s.changes[0].value])).toEqual([['amlodipine-start', { mgPerDay: 5, adherence: null }]]);
    expect(bpPlanSuggestions({ ...input, amlodipineMgPerDay: 2.5 }).map((s) => s.changes[0].value)).toEqual([{ mgPerDay: 5, adherence: null }]);
    expect(bpPlanSuggestions({ ...input, amlodipineMgPerDay: 10 })).toEqual([]);
    expect(bpPlanSuggestions({ ...input, meanSbp: 124, meanDbp: 76, amlodipineMgPerDay: 5 })).toEqual([]);
  });

  it('should state no current value without readings, and suggest no dose change then', () => {
    const none = { ...input, meanSbp: null, meanDbp: null, readings: 0 };
    expect(bpPlanTargets(none).map((t) => t.current)).toEqual([null, null]);
    expect(bpPlanSuggestions(none)).toEqual([]);
  });
});
