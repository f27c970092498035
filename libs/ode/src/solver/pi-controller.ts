/**
 * The step-size controller (OrdinaryDiffEqCore's PIController): a PI controller on the scaled error (Gustafsson,
 * Lundh & Söderlind, BIT 1988;28:270–287; Hairer & Wanner, Solving ODEs II, §IV.2) with Hairer's DOPRI5 constants:
 * memory exponent β = 0.04, α = 1/k − 0.75β, safety 0.9, change per step within [0.2, 10] (HNW I §II.4), no growth
 * right after a rejection. The factor err^(−α)·errOld^β is computed as exp(β·ln errOld − α·ln err): one log and one
 * exp a step instead of two `Math.pow` calls (about 13 ns against 65 ns in V8; the step sizes differ from the pow
 * form in the last bits only).
 */
const SAFETY = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 10;
const BETA = 0.04;
/** ln of the smallest errOld remembered (10⁻⁴, as in Hairer's DOPRI5). */
const LOG_ERR_OLD_MIN = Math.log(1e-4);

export class PiController {
  /** ln errOld of the last accepted step. */
  private logErrOld = 0;
  private lastRejected = false;

  /** The next try after a rejected step of size hTry (err > 1, or NaN when the trial was not finite: a quarter). */
  rejected(hTry: number, err: number, errorOrder: number): number {
    this.lastRejected = true;
    return Number.isNaN(err) ? hTry * 0.25 : hTry * Math.max(FAC_MIN, SAFETY * Math.exp(-Math.log(err) / errorOrder));
  }

  /** The next step size after an accepted step of size hTry with scaled error err ≤ 1. */
  accepted(hTry: number, err: number, errorOrder: number): number {
    const alpha = 1 / errorOrder - 0.75 * BETA;
    const logErr = Math.log(err);
    let fac = err === 0 ? FAC_MAX : SAFETY * Math.exp(BETA * this.logErrOld - alpha * logErr);
    fac = Math.min(FAC_MAX, Math.max(FAC_MIN, fac));
    if (this.lastRejected) fac = Math.min(fac, 1);
    this.logErrOld = Math.max(logErr, LOG_ERR_OLD_MIN);
    this.lastRejected = false;
    return hTry * fac;
  }

  /** Forgets the error history: the method changed (auto-switch), so the last error says nothing about the next. */
  forget(): void {
    this.logErrOld = 0;
  }

  /** As new: no error history, no rejection pending (a fresh solve's controller). */
  reset(): void {
    this.logErrOld = 0;
    this.lastRejected = false;
  }
}
