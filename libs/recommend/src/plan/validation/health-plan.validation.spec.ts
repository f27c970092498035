/**
 * The T1D health plan's actions on the true person (issue 15 item 3), on issue 14's REGRESSION cohort (never the
 * sealed one that docs/validation.md reports): the persons, truth and twin of the optimiser's validation; the plan
 * built on the twin; every action lived by the true person for 14 days with and without it (mean over LIVES lives).
 * CI runs SHUJI_PLAN_VALIDATION_PATIENTS persons (default 4) with 16 members. Measured (2026-12-04 21:45 UTC, 45 s CPU,
 * the truth's carbohydrate-counting bias per person since): "bolus every meal" offered to 3 of 4, true TIR +3.4, −0.5,
 * +0.9 points (mean +1.3), TBR<70 −1.73, +0.21, +0.41; "pre-bolus" offered to 4 of 4, true TIR +0.4, +0.8, 0.0, +0.8
 * (mean +0.5), TBR<70 +0.51, −0.16, +0.22, +0.20 (mean +0.19). With the bias drawn per life (before): lapses +2.8,
 * +1.5, +1.7; pre-bolus mean −0.2, TBR<70 mean +0.36. The
 * assertions are guard bounds that fail if an offered action starts to harm the true person (or the lapse action
 * stops helping); they are not a claim that the actions help much: docs/validation.md's sealed figures say how much.
 */
import { describe, expect, it } from 'vitest';
import { validateHealthPlan } from './health-plan-validation';

const count = Number(process.env.SHUJI_PLAN_VALIDATION_PATIENTS ?? 4);
const members = Number(process.env.SHUJI_PLAN_VALIDATION_MEMBERS ?? 16);
const LIVES = 4;

describe(`T1D health-plan actions on the true person (${count} regression persons, misspecified S2008, ${members} members, ${LIVES} lives)`, () => {
  it('should offer no action that on average lowers the true time in range by more than 1 point or raises the true time below 70 by more than 0.5, none that raises one person\'s by more than 1, and a "bolus every meal" that helps', async () => {
    const sut = await validateHealthPlan({ truth: 's2008-misspecified', role: 'regression', count, ensembleSize: members, lives: LIVES });
    for (const p of sut.persons) {
      const actions = p.actions.map((a) => `${a.id} ${a.offered ? 'offered' : 'not offered'}: predicted ${a.predicted?.tir.mean.toFixed(1) ?? '–'}, true ${a.trueTirChange.toFixed(1)} (TBR70 ${a.trueTbr70Change.toFixed(2)})`);
      console.log(`${p.patientId} (${p.baseSubject}, basal ×${p.start.basalFactor}, ratio ×${p.start.carbRatioFactor}): ${actions.join('; ')}`);
    }
    console.log(`CPU ${(sut.cpuMs / 1000).toFixed(0)} s`);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    for (const id of ['bolus-every-meal', 'pre-bolus']) {
      const offered = sut.persons.flatMap((p) => p.actions.filter((a) => a.id === id && a.offered));
      expect(offered.length, id).toBeGreaterThanOrEqual(count / 2);
      for (const a of offered) expect(a.trueTbr70Change, id).toBeLessThanOrEqual(1);
      expect(mean(offered.map((a) => a.trueTirChange)), id).toBeGreaterThanOrEqual(id === 'bolus-every-meal' ? 0.5 : -1);
      expect(mean(offered.map((a) => a.trueTbr70Change)), id).toBeLessThanOrEqual(0.5);
    }
  });
});
