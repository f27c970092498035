import type { RosenbrockTableau } from '../types';

/**
 * RODAS4: 6-stage, order 4(3), L-stable, stiffly accurate Rosenbrock method.
 * Hairer E, Wanner G. Solving Ordinary Differential Equations II, 2nd ed., Springer 1996, §VI.4
 * (method RODAS) and the coefficient set METH=1 of Hairer's RODAS code (subroutine ROCOE),
 * including its 3rd-order dense output (coefficients D21…D35).
 *
 * Stiffly accurate: stage 6 starts from the embedded 3rd-order solution y + Σa₅ⱼuⱼ + u₅, the 4th-order
 * solution adds u₆, so the error estimate is u₆ itself.
 */
const a21 = 1.544;
const a31 = 0.9466785280815826;
const a32 = 0.2557011698983284;
const a41 = 3.314825187068521;
const a42 = 2.896124015972201;
const a43 = 0.9986419139977817;
const a51 = 1.221224509226641;
const a52 = 6.019134481288629;
const a53 = 12.53708332932087;
const a54 = -0.687886036105895;

export const RODAS4_TABLEAU: RosenbrockTableau = {
  name: 'rodas4',
  order: 4,
  embeddedOrder: 3,
  gamma: 0.25,
  alpha: [0, 0.386, 0.21, 0.63, 1, 1],
  gammaSum: [0.25, -0.1043, 0.1035, -0.0362, 0, 0],
  a: [[], [a21], [a31, a32], [a41, a42, a43], [a51, a52, a53, a54], [a51, a52, a53, a54, 1]],
  c: [
    [],
    [-5.6688],
    [-2.430093356833875, -0.2063599157091915],
    [-0.1073529058151375, -9.594562251023355, -20.47028614809616],
    [7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616],
    [8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054],
  ],
  m: [a51, a52, a53, a54, 1, 1],
  e: [0, 0, 0, 0, 0, 1],
  d: [
    [10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823, 1.025137723295662, 0],
    [-0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386, -6.594389125716872, 0],
  ],
};
