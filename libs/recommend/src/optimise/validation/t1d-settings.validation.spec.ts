/**
 * Issue 15's "Done when" for the T1D settings optimiser, on issue 14's REGRESSION cohort (never the sealed one that
 * docs/validation.md reports): persons around the regression base subjects, the misspecified S2008 truth, a
 * population prior, poor starting settings; the recommended settings lived by the true person for 14 days. CI runs
 * SHUJI_OPTIMISE_VALIDATION_PATIENTS persons (default 6, one per regression subject) with 32 members. Measured
 * (docs/validation.md, 2026-12-04, the what-if's members treating lows and lapsing as the person does): 1 / 6 succeed
 * (a second raises TIR 60.8 → 66.0 % but TBR<70 by 0.05 points), 4 get "no change", mean TIR +1.5 points, no true
 * TBR<70 rise above 0.05 points; the assertions guard those figures against regression (the safety one with the
 * 0.25-point tolerance), they are NOT the goal, which this cohort does not meet. The sealed cohort is
 * `npm run validate:optimise`.
 */
import { describe, expect, it } from 'vitest';
import { validateT1dSettings } from './t1d-settings-validation';

const count = Number(process.env.SHUJI_OPTIMISE_VALIDATION_PATIENTS ?? 6);
const members = Number(process.env.SHUJI_OPTIMISE_VALIDATION_MEMBERS ?? 32);

describe(`T1D settings recommendation on the true person (${count} regression persons, misspecified S2008, ${members} members)`, () => {
  it('should not lower the true time in range on average, succeed for at least 1 of the 6, and never raise the true time below 70 by more than 0.25 points', async () => {
    const sut = await validateT1dSettings({ truth: 's2008-misspecified', role: 'regression', count, ensembleSize: members });
    for (const p of sut.patients) {
      console.log(
        `${p.patientId} (${p.baseSubject}, basal ×${p.start.basalFactor}, ratio ×${p.start.carbRatioFactor}): TIR ${p.truthStart.tir.toFixed(1)} → ${p.truthRecommended.tir.toFixed(1)}, ` +
          `TBR70 ${p.truthStart.tbr70.toFixed(2)} → ${p.truthRecommended.tbr70.toFixed(2)} ${p.success ? 'ok' : 'not met'}`,
      );
    }
    console.log(`success ${(100 * sut.successShare).toFixed(0)} %, mean TIR gain ${sut.meanTirGain.estimate.toFixed(1)} points, CPU ${(sut.cpuMs / 1000).toFixed(0)} s`);
    for (const p of sut.patients) expect(p.truthRecommended.tbr70).toBeLessThanOrEqual(p.truthStart.tbr70 + 0.25);
    expect(sut.meanTirGain.estimate).toBeGreaterThanOrEqual(0);
    expect(sut.successShare).toBeGreaterThanOrEqual(1 / 6 - 1e-9);
  });
});
