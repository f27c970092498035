/**
 * The step-size controller (OrdinaryDiffEqCore's PIController): a PI controller on the scaled error (Gustafsson,
 * Lundh & Söderlind, BIT 1988;28:270–287; Hairer & Wanner, Solving ODEs II, §IV.2) with Hairer's DOPRI5 constants:
 * memory exponent β = 0.04, α = 1/k − 0.75β, safety 0.9, change per step within [0.2, 10] (HNW I §II.4), no growth
 * right after a rejection.
 */
const SAFETY = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 10;
const BETA = 0.04;

export class PiController {
  /** errOld^β of the last accepted step, kept instead of errOld: one pow per step instead of two, same value. */
  private errOldPowBeta = 1;
  private lastRejected = false;

  /** The next try after a rejected step of size hTry (err > 1, or NaN when the trial was not finite: a quarter). */
  rejected(hTry: number, err: number, errorOrder: number): number {
    this.lastRejected = true;
    return Number.isNaN(err) ? hTry * 0.25 : hTry * Math.max(FAC_MIN, SAFETY * Math.pow(err, -1 / errorOrder));
  }

  /** The next step size after an accepted step of size hTry with scaled error err ≤ 1. */
  accepted(hTry: number, err: number, errorOrder: number): number {
    const k = errorOrder;
    let fac = err === 0 ? FAC_MAX : SAFETY * Math.pow(err, -(1 / k - 0.75 * BETA)) * this.errOldPowBeta;
    fac = Math.min(FAC_MAX, Math.max(FAC_MIN, fac));
    if (this.lastRejected) fac = Math.min(fac, 1);
    this.errOldPowBeta = Math.pow(Math.max(err, 1e-4), BETA);
    this.lastRejected = false;
    return hTry * fac;
  }

  /** Forgets the error history: the method changed (auto-switch), so the last error says nothing about the next. */
  forget(): void {
    this.errOldPowBeta = 1;
  }
}
