import { describe, expect, it } from 'vitest';
import { getModelRegistration } from '../registry';
import type { Scenario } from '../simulate/scenario';
import { runCohort } from './run-cohort';
import { sampleVirtualSubjects } from './sample-subjects';

const registration = getModelRegistration('uva-padova-s2008');
const day: Scenario = {
  duration_min: 1440,
  meals: [
    { t_min: 420, carbs_g: 50 },
    { t_min: 720, carbs_g: 70 },
  ],
  boluses: [
    { t_min: 420, units: 4 },
    { t_min: 720, units: 5 },
  ],
  doses: [],
};
const fasting: Scenario = { duration_min: 1440, meals: [], boluses: [], doses: [] };

describe(runCohort.name, () => {
  it('should give the same numbers on 2 worker threads as in one thread, and report progress', async () => {
    const subjects = sampleVirtualSubjects(registration, { count: 8, seed: 3 });
    const progress: number[] = [];
    const threaded = await runCohort({
      modelId: 'uva-padova-s2008',
      subjects,
      scenario: day,
      everyMin: 15,
      outputs: ['bg_mg_dl'],
      workers: 2,
      batchSize: 3,
      onProgress: (done, total) => progress.push(done / total),
    });
    const single = await runCohort({ modelId: 'uva-padova-s2008', subjects, scenario: day, everyMin: 15, outputs: ['bg_mg_dl'], workers: 0 });
    expect(progress.at(-1)).toBe(1);
    expect(threaded.results).toHaveLength(8);
    threaded.results.forEach((r, i) => {
      expect(r.outcome).toBe('success');
      expect(r.outputs.length).toBe(1440 / 15 + 1);
      expect(Array.from(r.outputs)).toEqual(Array.from(single.results[i].outputs));
    });
    // the sampled subjects differ from one another
    expect(threaded.results[0].outputs[40]).not.toBe(threaded.results[1].outputs[40]);
  });

  it('should sample subjects whose initial state is a steady state (fasting drift < 0.1 mg/dL)', async () => {
    const subjects = sampleVirtualSubjects(registration, { count: 30, seed: 11, logSd: 0.2 });
    const { results } = await runCohort({ modelId: 'uva-padova-s2008', subjects, scenario: fasting, everyMin: 60, outputs: ['bg_mg_dl'], workers: 0 });
    results.forEach((r, i) => {
      const gb = subjects[i].parameters.Gb;
      expect(Math.max(...r.outputs.map((g) => Math.abs(g - gb))), subjects[i].baseSubject).toBeLessThan(0.1);
    });
  });

  it('should perturb only the perturbable parameters, log-normally around the base subject', () => {
    const subjects = sampleVirtualSubjects(registration, { count: 300, seed: 5, logSd: 0.1 });
    const base = registration.subjects ?? [];
    const logRatios = subjects.map((s, i) => Math.log(s.parameters.kabs / base[i % 30].parameters.kabs));
    const mean = logRatios.reduce((a, b) => a + b, 0) / logRatios.length;
    const sd = Math.sqrt(logRatios.reduce((a, b) => a + (b - mean) ** 2, 0) / (logRatios.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.02); // 3 standard errors of 0.1/√300
    expect(sd).toBeGreaterThan(0.085);
    expect(sd).toBeLessThan(0.115);
    subjects.forEach((s, i) => {
      expect(s.parameters.Gb).toBe(base[i % 30].parameters.Gb);
      expect(s.parameters.BW).toBe(base[i % 30].parameters.BW);
    });
  });
});
