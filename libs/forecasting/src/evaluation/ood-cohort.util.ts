/**
 * The out-of-distribution cohort: virtual patients in the region the FM never saw in training, the top decile of
 * insulin sensitivity (Vmx ≥ base·e^{1.2816·σ} with the corpus's σ = 0.15; models/shuji-fm-v2/README.md). Patients
 * are drawn exactly as generateVirtualPatient draws them (sampleVirtualSubjects with the same seed and σ: the i-th
 * draw of a cohort), and only those whose Vmx lies in that region are kept.
 */
import { getModelRegistration, sampleVirtualSubjects, uvaPadovaSubjects } from '@shuji/models';

/** z of the 90th percentile of the standard normal. */
const Z90 = 1.2816;
/** σ of the FM corpus's log-parameter draw, which defines the held-out region. */
export const FM_CORPUS_LOG_SD = 0.15;

export interface OodSelection {
  readonly seed: number;
  readonly logSd: number;
  readonly indices: readonly number[];
}

/** The first `count` indices of cohort (seed, logSd) whose Vmx ≥ base·e^{1.2816·0.15}, looking at most `maxDraws` draws. */
export function selectHighInsulinSensitivity(seed: number, count: number, logSd = FM_CORPUS_LOG_SD, maxDraws = 2000): OodSelection {
  const base = new Map(uvaPadovaSubjects().map((s) => [s.name, s.parameters.Vmx]));
  const draws = sampleVirtualSubjects(getModelRegistration('uva-padova-s2008'), { count: maxDraws, seed, logSd });
  const threshold = Math.exp(Z90 * FM_CORPUS_LOG_SD);
  const indices: number[] = [];
  for (let i = 0; i < draws.length && indices.length < count; i++) {
    const vmx = base.get(draws[i].baseSubject);
    if (vmx !== undefined && draws[i].parameters.Vmx >= vmx * threshold) indices.push(i);
  }
  if (indices.length < count) throw new RangeError(`only ${indices.length} of ${maxDraws} draws lie in the high-sensitivity region`);
  return { seed, logSd, indices };
}
