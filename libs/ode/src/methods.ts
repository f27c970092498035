import { DOPRI5_TABLEAU } from './tableaus/dopri5';
import { RODAS4_TABLEAU } from './tableaus/rodas4';
import { RODAS5P_TABLEAU } from './tableaus/rodas5p';
import { ROSENBROCK23_TABLEAU } from './tableaus/rosenbrock23';
import { TSIT5_TABLEAU } from './tableaus/tsit5';
import type { ExplicitTableau, OdeMethod, RosenbrockTableau } from './types';

/** Dormand–Prince 5(4) with Shampine's 4th-order dense output. Non-stiff default of many codes. */
export function dopri5(): OdeMethod {
  return { kind: 'explicit', tableau: DOPRI5_TABLEAU };
}

/** Tsitouras 5(4) with its free 4th-order interpolant; usually a little cheaper than dopri5 at equal accuracy. */
export function tsit5(): OdeMethod {
  return { kind: 'explicit', tableau: TSIT5_TABLEAU };
}

/** RODAS4 (Hairer & Wanner): L-stable Rosenbrock 4(3) for stiff problems; uses the model's Jacobian if it has one. */
export function rodas4(): OdeMethod {
  return { kind: 'rosenbrock', tableau: RODAS4_TABLEAU };
}

/** Rodas5P (Steinebach 2023): L-stable Rosenbrock 5(4); the better choice for tight tolerances on stiff problems. */
export function rodas5p(): OdeMethod {
  return { kind: 'rosenbrock', tableau: RODAS5P_TABLEAU };
}

/** Rosenbrock23 (MATLAB ode23s): L-stable 2(3) W-method, cheap per step; for loose tolerances on stiff problems. */
export function rosenbrock23(): OdeMethod {
  return { kind: 'rosenbrock', tableau: ROSENBROCK23_TABLEAU };
}

/**
 * Starts with the explicit method, switches to the Rosenbrock method when the explicit one's stiffness test
 * fires repeatedly, and back when the stiff method's steps fit inside the explicit stability region.
 * Default pair: DOPRI5 + RODAS4. DOPRI5 rather than Tsit5 because Hairer's stiffness estimate, built from
 * DOPRI5's two stages at c = 1, flags stiffness promptly; from Tsit5's stages it underestimates the stiff
 * eigenvalue on Robertson's problem (≈10⁴ explicit steps before switching, against ≈10³).
 */
export function autoSwitch(explicit: ExplicitTableau = DOPRI5_TABLEAU, stiff: RosenbrockTableau = RODAS4_TABLEAU): OdeMethod {
  return { kind: 'auto', explicit, stiff };
}
