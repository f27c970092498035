/**
 * Issue 5's acceptance on held-out virtual T1D patients (drawn around the 30 shared UVA/Padova subjects with
 * cohort seed 2027 — the disturbance and noise settings were tuned on seed 2026, so these people are unseen),
 * 3 days streamed event by event into the twin, with its batch personalisation as the product runs it (a fit at
 * 24 h and 48 h, and the one at the 3-day boundary at the end). Figures of the full runs are in docs/validation.md.
 * All 30 patients (≈ 3 min CPU on one core); SHUJI_TWIN_VALIDATION_PATIENTS=n runs a balanced subset for a
 * quick local check (the acceptance thresholds are for the 30).
 */
import { validateT1dCohort, type CohortValidation, type HorizonScore, type PairRecovery, type ParameterRecovery } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';

const count = Number(process.env.SHUJI_TWIN_VALIDATION_PATIENTS ?? 30);
// every subject group (adolescents 0–9, adults 10–19, children 20–29) equally when fewer than 30
const patients = count >= 30 ? Array.from({ length: 30 }, (_, i) => i) : Array.from({ length: count }, (_, i) => (i % 3) * 10 + Math.floor(i / 3));

describe('T1D twin validation (held-out virtual patients, 3 days)', () => {
  let h30: HorizonScore;
  let h60: HorizonScore;
  let recovery: PairRecovery;
  let parameters: readonly ParameterRecovery[];
  let failures: number;
  beforeAll(() => {
    const result: CohortValidation = validateT1dCohort({ patients, days: 3, seed: 2027, batchPersonalisation: true });
    [h30, h60] = result.horizons;
    recovery = result.recovery;
    parameters = result.parameters;
    failures = result.batchFitFailures;
    for (const p of parameters) {
      console.info(`${p.name}: identified for ${(p.identifiedShare * 100).toFixed(0)} %, covered among them ${(p.coverage90Identified * 100).toFixed(0)} %, all ${(p.coverage90 * 100).toFixed(0)} %`);
    }
  }, 600_000);

  it('should forecast CGM 30 min ahead with an RMSE at least 30 % below persistence on day 3', () => {
    expect(h30.horizonMin).toBe(30);
    expect(h30.n).toBeGreaterThan(80 * patients.length);
    expect(h30.rmse).toBeLessThanOrEqual(0.7 * h30.persistenceRmse);
  });

  it('should report the 60-min RMSE, and beat persistence there too', () => {
    expect(h60.horizonMin).toBe(60);
    expect(Number.isFinite(h60.rmse)).toBe(true);
    expect(h60.rmse).toBeLessThan(h60.persistenceRmse);
  });

  it('should cover 75–85 % of the 30-min readings with its 10–90 % interval', () => {
    expect(h30.coverage80).toBeGreaterThanOrEqual(0.75);
    expect(h30.coverage80).toBeLessThanOrEqual(0.85);
  });

  // Issue 5's recovery criterion: for the identifiable parameters, the truth inside the twin's 90 % interval for
  // ≥ 80 % of patients. Identification is the batch fit's flag per (patient, parameter), decided without the truth;
  // measured on this cohort: 84 of 360 pairs identified (f for 27 people, kmin 21, kmax 18, kp3 9), 86.9 % of them
  // covered (84.1 % on the tuning cohort), 88.1 % over all pairs.
  it('should identify parameters with intervals covering the truth for at least 80 % of the identified pairs and of all', () => {
    expect(recovery.pairs).toBe(12 * patients.length);
    expect(parameters.map((p) => p.name)).toEqual(['Vmx', 'kp3', 'kabs', 'p2u', 'kmax', 'kmin', 'f', 'ki', 'ksc', 'kd', 'ka1', 'ka2']);
    expect(recovery.identified).toBeGreaterThanOrEqual(0.15 * recovery.pairs);
    // every fit converged: a failed one would identify nothing and shrink the denominators silently
    expect(failures).toBe(0);
    expect(recovery.coverage90Identified).toBeGreaterThanOrEqual(0.8);
    expect(recovery.coverage90).toBeGreaterThanOrEqual(0.8);
  });
});
