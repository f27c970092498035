/**
 * Issue 5's acceptance on held-out virtual T1D patients (drawn around the 30 shared UVA/Padova subjects with
 * cohort seed 2027 — the disturbance and noise settings were tuned on seed 2026, so these people are unseen),
 * 3 days streamed event by event into the twin. Figures of the full runs are in docs/validation.md.
 * All 30 patients (≈ 60 s CPU on one core); SHUJI_TWIN_VALIDATION_PATIENTS=n runs a balanced subset for a
 * quick local check (the acceptance thresholds are for the 30).
 */
import { validateT1dCohort, type CohortValidation, type HorizonScore, type PairRecovery } from '@shuji/twin';
import { beforeAll, describe, expect, it } from 'vitest';

const count = Number(process.env.SHUJI_TWIN_VALIDATION_PATIENTS ?? 30);
// every subject group (adolescents 0–9, adults 10–19, children 20–29) equally when fewer than 30
const patients = count >= 30 ? Array.from({ length: 30 }, (_, i) => i) : Array.from({ length: count }, (_, i) => (i % 3) * 10 + Math.floor(i / 3));

describe('T1D twin validation (held-out virtual patients, 3 days)', () => {
  let h30: HorizonScore;
  let h60: HorizonScore;
  let recovery: PairRecovery;
  beforeAll(() => {
    const result: CohortValidation = validateT1dCohort({ patients, days: 3, seed: 2027 });
    [h30, h60] = result.horizons;
    recovery = result.recovery;
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

  // Issue 5's recovery criterion (truth in the 90 % interval for ≥ 80 % of patients, identifiable parameters)
  // is not met: see docs/validation.md. This guards against the over-confident intervals coming back
  // (54 % before the consider parameters; 75 % measured on this cohort).
  it('should hold the true parameter in the twin\'s 90 % interval for at least 70 % of (patient, parameter) pairs', () => {
    expect(recovery.pairs).toBe(4 * patients.length);
    expect(recovery.coverage90).toBeGreaterThanOrEqual(0.7);
  });
});
