import { describe, expect, it } from 'vitest';
import { meanArm, meetsDoneWhen, pairedLifeTags, SETTINGS_JUDGING, withSettingsJudging } from './t1d-settings-validation';

describe(pairedLifeTags.name, () => {
  it("should start with the one-life figure's own life and give K distinct keys", () => {
    expect(pairedLifeTags(1)).toEqual(['optimise-evaluation']);
    const tags = pairedLifeTags(8);
    expect(tags[0]).toBe('optimise-evaluation');
    expect(new Set(tags).size).toBe(8);
  });
});

describe(meanArm.name, () => {
  it('should average every outcome over the lives', () => {
    expect(meanArm([{ tir: 60, tbr70: 2, tbr54: 0.5 }, { tir: 70, tbr70: 4, tbr54: 1.5 }])).toEqual({ tir: 65, tbr70: 3, tbr54: 1 });
  });
});

describe(meetsDoneWhen.name, () => {
  const start = { tir: 60, tbr70: 3, tbr54: 1 };
  it('should need time in range raised and time below 70 not raised, with no tolerance', () => {
    expect(meetsDoneWhen(start, { tir: 60.1, tbr70: 3, tbr54: 2 })).toBe(true);
    expect(meetsDoneWhen(start, { tir: 60, tbr70: 1, tbr54: 0 })).toBe(false);
    expect(meetsDoneWhen(start, { tir: 80, tbr70: 3.01, tbr54: 0 })).toBe(false);
  });
});

describe(withSettingsJudging.name, () => {
  const cohort = { truth: 's2008-misspecified', role: 'tuning', count: 2 } as const;
  it('should judge with common random numbers and starts poor in truth where the options leave it open', () => {
    expect(SETTINGS_JUDGING).toEqual({ judgingDraws: 'per-purpose', starts: 'poor-in-truth' });
    expect(withSettingsJudging(cohort)).toEqual({ ...cohort, judgingDraws: 'per-purpose', starts: 'poor-in-truth' });
    expect(withSettingsJudging({ ...cohort, judgingDraws: undefined, starts: undefined })).toMatchObject({ judgingDraws: 'per-purpose', starts: 'poor-in-truth' });
  });
  it('should keep the judging an option states (the earlier one, to reproduce its figures)', () => {
    expect(withSettingsJudging({ ...cohort, judgingDraws: 'shared', starts: 'usual' })).toMatchObject({ judgingDraws: 'shared', starts: 'usual' });
  });
});
