/**
 * Issue 15's "Done when" for the T1D settings optimiser, on issue 14's REGRESSION cohort (never the sealed one that
 * docs/validation.md reports): persons around the regression base subjects, the misspecified S2008 truth, a
 * population prior, starting settings poor in truth; the recommended settings (the product's default gates, the
 * validation's ±50 % step, VALIDATION_LIMITS) lived by the true person for 14 days, judged as SETTINGS_JUDGING has it
 * (common random numbers). CI runs SHUJI_OPTIMISE_VALIDATION_PATIENTS persons (default 6, one per regression
 * subject) with 32 members. Measured (docs/validation.md, 2026-12-05 13:04 UTC, after the judging was adopted):
 * 3 / 6 succeed, mean TIR +7.5 points, mean TBR<70 −1.6; one person's true TBR<70 raised by 1.9 points
 * (regression-000, 9.67 → 11.55 %, TIR 61.6 → 62.1) and one's TIR lowered (regression-001, basal ×1.96: 77.5 → 72.0,
 * TBR<70 1.46 → 0.92). Judged the earlier way (shared draws, the usual starts; 2026-12-04 21:43 UTC): 3 / 6, +7.3,
 * regression-000 8.41 → 8.63 %. The assertions guard the figures with a margin of one person, about half the gain and
 * ~0.6 points over the largest rise; they are NOT the goal, which this cohort does not meet.
 */
import { describe, expect, it } from 'vitest';
import { validateT1dSettings } from './t1d-settings-validation';

const count = Number(process.env.SHUJI_OPTIMISE_VALIDATION_PATIENTS ?? 6);
const members = Number(process.env.SHUJI_OPTIMISE_VALIDATION_MEMBERS ?? 32);

describe(`T1D settings recommendation on the true person (${count} regression persons, misspecified S2008, ${members} members)`, () => {
  it('should succeed for at least 2 of the 6, raise the true time in range by ≥ 4 points on average, lower the mean true time below 70, and raise no true time below 70 by more than 2.5 points', async () => {
    const sut = await validateT1dSettings({ truth: 's2008-misspecified', role: 'regression', count, ensembleSize: members });
    for (const p of sut.patients) {
      console.log(
        `${p.patientId} (${p.baseSubject}, basal ×${p.start.basalFactor}, ratio ×${p.start.carbRatioFactor}): TIR ${p.truthStart.tir.toFixed(1)} → ${p.truthRecommended.tir.toFixed(1)}, ` +
          `TBR70 ${p.truthStart.tbr70.toFixed(2)} → ${p.truthRecommended.tbr70.toFixed(2)} ${p.success ? 'ok' : 'not met'}`,
      );
    }
    console.log(`success ${(100 * sut.successShare).toFixed(0)} %, mean TIR gain ${sut.meanTirGain.estimate.toFixed(1)} points, CPU ${(sut.cpuMs / 1000).toFixed(0)} s`);
    for (const p of sut.patients) expect(p.truthRecommended.tbr70).toBeLessThanOrEqual(p.truthStart.tbr70 + 2.5);
    expect(sut.meanTbr70Change.estimate).toBeLessThanOrEqual(0);
    expect(sut.meanTirGain.estimate).toBeGreaterThanOrEqual(4);
    expect(sut.successShare).toBeGreaterThanOrEqual(2 / 6 - 1e-9);
  });
});
