import { autoSwitch, type OdeMethod } from '@shuji/ode';

/**
 * The method `simulate` uses when the request names none: the solver library's automatic switch between
 * Tsit5 (Tsitouras 2011) and Rodas4 (Hairer & Wanner, Solving ODEs II §VI.4) with the compiled analytic Jacobian.
 * On UVA/Padova it runs as fast as Tsit5 alone (bench:ode) and stays safe for stiff PK/PD models.
 */
export function defaultMethod(): OdeMethod {
  return autoSwitch();
}
