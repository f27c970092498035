import { describe, expect, it } from 'vitest';
import { DEFAULT_T1D_OPTIMISE_LIMITS, parseT1dOptimiseLimits } from './t1d-optimise-limits';

describe(parseT1dOptimiseLimits.name, () => {
  it('should give the defaults when no limits are sent: ±20 %, the pump ranges, the consensus ceilings', () => {
    expect(parseT1dOptimiseLimits(undefined, 'limits')).toEqual(DEFAULT_T1D_OPTIMISE_LIMITS);
    expect(DEFAULT_T1D_OPTIMISE_LIMITS).toMatchObject({ maxStepFraction: 0.2, maxBasalUnitsPerHour: 15, maxTimeBelow54Percent: 1, maxTimeBelow70Percent: 4 });
  });

  it("should leave the person's CGM pattern rules off unless asked for", () => {
    expect(DEFAULT_T1D_OPTIMISE_LIMITS.followCgmPattern).toBe(false);
    expect(parseT1dOptimiseLimits({ follow_cgm_pattern: true }, 'limits').followCgmPattern).toBe(true);
  });

  it('should narrow the defaults with what is sent', () => {
    const body = { max_step_percent: 10, min_carb_ratio_g_per_unit: 6, max_severe_hypo_probability: 0.05, max_time_below_70_rise_probability: 0.1, time_below_54_rise_above_target_points: 0 };
    expect(parseT1dOptimiseLimits(body, 'limits')).toMatchObject({
      maxStepFraction: 0.1,
      carbRatio: { min: 6, max: 200 },
      maxSevereHypoProbability: 0.05,
      maxTimeBelow70RiseProbability: 0.1,
      timeBelow54RiseAboveTargetPoints: 0,
    });
  });

  it.each([
    [{ max_step_percent: 60 }, 'limits.max_step_percent'],
    [{ max_basal_units_per_hour: 40 }, 'limits.max_basal_units_per_hour'],
    [{ min_carb_ratio_g_per_unit: 0 }, 'limits.min_carb_ratio_g_per_unit'],
    [{ min_carb_ratio_g_per_unit: 20, max_carb_ratio_g_per_unit: 10 }, 'limits.min_carb_ratio_g_per_unit'],
    [{ min_correction_factor_mg_dl_per_unit: 90, max_correction_factor_mg_dl_per_unit: 30 }, 'limits.min_correction_factor_mg_dl_per_unit'],
    [{ max_severe_hypo_probability: '0.1' }, 'limits.max_severe_hypo_probability'],
    [{ max_time_below_70_rise_probability: 1.5 }, 'limits.max_time_below_70_rise_probability'],
    [{ time_below_70_rise_above_target_points: 2 }, 'limits.time_below_70_rise_above_target_points'],
    [{ time_below_54_rise_above_target_points: -0.1 }, 'limits.time_below_54_rise_above_target_points'],
    [{ follow_cgm_pattern: 'yes' }, 'limits.follow_cgm_pattern'],
    [{ max_dose: 3 }, 'limits.max_dose'],
    [[1], 'limits'],
  ])('should refuse %j naming %s', (body, field) => {
    expect(() => parseT1dOptimiseLimits(body, 'limits')).toThrow(expect.objectContaining({ field }));
  });
});
