/**
 * Stiffness detection of `autoSwitch` methods (OrdinaryDiffEqCore's AutoSwitch, composite_algs.jl). Hairer's DOPRI5
 * declares stiffness after 15 flagged steps unless 6 clean ones reset the count; a step is flagged at
 * h·ρ > 0.9 × the explicit stability boundary (OrdinaryDiffEq's `stifftol` = 9/10), since the controller of a
 * stability-bound explicit method hovers just below the boundary. Back to the explicit method after 6 consecutive
 * stiff-method steps whose h·‖J‖∞ fits inside the explicit stability region.
 */
const STIFF_FLAG_FRACTION = 0.9;
const STIFF_FLAGS_TO_SWITCH = 15;
const CLEAN_STEPS_TO_RESET = 6;
const NONSTIFF_STEPS_TO_SWITCH_BACK = 6;

export class AutoSwitch {
  private stiffFlags = 0;
  private cleanSteps = 0;
  private nonstiffSteps = 0;

  constructor(private readonly explicitBoundary: number) {}

  /** After an accepted explicit step with stiffness estimate h·ρ: true when the stiff method should take over. */
  afterExplicitStep(rho: number): boolean {
    if (rho > STIFF_FLAG_FRACTION * this.explicitBoundary) {
      this.cleanSteps = 0;
      if (++this.stiffFlags >= STIFF_FLAGS_TO_SWITCH) {
        this.stiffFlags = 0;
        this.nonstiffSteps = 0;
        return true;
      }
    } else if (++this.cleanSteps >= CLEAN_STEPS_TO_RESET) {
      this.stiffFlags = 0;
    }
    return false;
  }

  /** After an accepted stiff-method step with h·‖J‖∞ = rho: true when the explicit method should take over again. */
  afterStiffStep(rho: number): boolean {
    if (rho < this.explicitBoundary) {
      if (++this.nonstiffSteps >= NONSTIFF_STEPS_TO_SWITCH_BACK) {
        this.nonstiffSteps = 0;
        this.cleanSteps = 0;
        return true;
      }
    } else {
      this.nonstiffSteps = 0;
    }
    return false;
  }
}
