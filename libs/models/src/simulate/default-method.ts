import { rodas4, type OdeMethod } from '@shuji/ode';

/**
 * The method `simulate` uses when the request names none: Rodas4 (Hairer & Wanner, Solving ODEs II §VI.4),
 * L-stable, with the compiled analytic Jacobian; robust for the mildly stiff glucose–insulin and PK/PD models.
 */
export function defaultMethod(): OdeMethod {
  return rodas4();
}
