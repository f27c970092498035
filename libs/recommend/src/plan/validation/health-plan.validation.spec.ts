/**
 * The T1D health plan's actions on the true person (issue 15 item 3), on issue 14's REGRESSION cohort (never the
 * sealed one that docs/validation.md reports): the persons, truth and twin of the optimiser's validation; the plan
 * built on the twin; every action lived by the true person for 14 days with and without it (mean over LIVES lives).
 * CI runs SHUJI_PLAN_VALIDATION_PATIENTS persons (default 4) with 16 members. The assertions are guard bounds that
 * fail if an offered action starts to harm the true person (measured figures in docs/validation.md); they are not
 * a claim that the actions help much: the sealed figures say how little they do.
 */
import { describe, expect, it } from 'vitest';
import { validateHealthPlan } from './health-plan-validation';

const count = Number(process.env.SHUJI_PLAN_VALIDATION_PATIENTS ?? 4);
const members = Number(process.env.SHUJI_PLAN_VALIDATION_MEMBERS ?? 16);
const LIVES = 4;

describe(`T1D health-plan actions on the true person (${count} regression persons, misspecified S2008, ${members} members, ${LIVES} lives)`, () => {
  it('should offer actions that on average do not lower the true time in range by more than 1 point nor raise the true time below 70 by more than 0.25 points, and none that raises it by more than 1 point', async () => {
    const sut = await validateHealthPlan({ truth: 's2008-misspecified', role: 'regression', count, ensembleSize: members, lives: LIVES });
    for (const p of sut.persons) {
      const actions = p.actions.map((a) => `${a.id} ${a.offered ? 'offered' : 'not offered'}: predicted ${a.predicted?.tir.mean.toFixed(1) ?? '–'}, true ${a.trueTirChange.toFixed(1)} (TBR70 ${a.trueTbr70Change.toFixed(2)})`);
      console.log(`${p.patientId} (${p.baseSubject}, basal ×${p.start.basalFactor}, ratio ×${p.start.carbRatioFactor}): ${actions.join('; ')}`);
    }
    console.log(`CPU ${(sut.cpuMs / 1000).toFixed(0)} s`);
    const offered = sut.persons.flatMap((p) => p.actions.filter((a) => a.offered));
    expect(offered.length).toBeGreaterThanOrEqual(count);
    for (const a of offered) expect(a.trueTbr70Change).toBeLessThanOrEqual(1);
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(offered.map((a) => a.trueTirChange))).toBeGreaterThanOrEqual(-1);
    expect(mean(offered.map((a) => a.trueTbr70Change))).toBeLessThanOrEqual(0.25);
  });
});
