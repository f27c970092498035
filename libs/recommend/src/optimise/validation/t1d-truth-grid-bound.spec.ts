import { describe, expect, it } from 'vitest';
import { cohortOf, liveOn, personOnStart } from '../../validation/t1d-validation-persons';
import { pairedLifeTags } from './t1d-settings-validation';
import { selectionLifeTags, truthGridBound } from './t1d-truth-grid-bound';
import { withinStep } from './truth-grid';

describe(selectionLifeTags.name, () => {
  it('should never be a life the choice is judged on', () => {
    const judged = new Set(pairedLifeTags(16));
    expect(selectionLifeTags(8).filter((t) => judged.has(t))).toEqual([]);
    expect(new Set(selectionLifeTags(8)).size).toBe(8);
  });
});

describe(truthGridBound.name, () => {
  it('should choose within the step, on selection lives whose mean TIR the choice raises, and judge it on the evaluation lives', async () => {
    const sut = await truthGridBound({ truth: 's2008-misspecified', role: 'tuning', count: 2, pairedLives: 2 }, { selectionLives: 1, factors: [0.5, 1, 1.5] });
    expect(sut.patients).toHaveLength(2);
    for (const p of sut.patients) {
      expect(withinStep(p.startSettings, p.recommendedSettings, 0.5)).toBe(true);
      expect(p.selection).toEqual({ lives: 1, candidates: 9 });
      if (p.recommended === null) expect(p.recommendedSettings).toEqual(p.startSettings);
      else expect(p.predicted.recommended!.tir).toBeGreaterThan(p.predicted.start.tir);
      expect(p.expected!.lives).toBe(2);
    }
  });

  it('should live the judging lives with the draw streams asked for (common random numbers with judgingDraws per-purpose)', async () => {
    const options = { truth: 's2008-misspecified' as const, role: 'tuning' as const, count: 2, pairedLives: 1, starts: 'usual' as const };
    const { positions, perSubject } = cohortOf(options);
    const { person, start, behaviour } = personOnStart(options, 0, positions[0], perSubject);
    const [shared, perPurpose] = await Promise.all(
      (['shared', 'per-purpose'] as const).map((judgingDraws) => truthGridBound({ ...options, judgingDraws }, { selectionLives: 1, factors: [1] })),
    );
    expect(perPurpose.patients[0].truthStart).toEqual(liveOn(person, start, 14, behaviour, pairedLifeTags(1)[0], 'per-purpose'));
    expect(shared.patients[0].truthStart).toEqual(liveOn(person, start, 14, behaviour, pairedLifeTags(1)[0]));
    expect(perPurpose.patients[0].truthStart).not.toEqual(shared.patients[0].truthStart);
  });
});
