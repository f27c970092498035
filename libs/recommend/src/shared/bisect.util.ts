/**
 * Root of a monotone function on a bracket by bisection (robust where each evaluation is a whole ODE
 * simulation and the function may be only piecewise smooth). `f(lo)` and `f(hi)` must differ in sign.
 */
export function bisect(f: (x: number) => number, lo: number, hi: number, tolerance: number, maxIterations = 200): number {
  let fLo = f(lo);
  const fHi = f(hi);
  if (fLo === 0) return lo;
  if (fHi === 0) return hi;
  if (Math.sign(fLo) === Math.sign(fHi)) throw new RangeError(`bisect: f(${lo}) = ${fLo} and f(${hi}) = ${fHi} do not bracket a root`);
  for (let k = 0; k < maxIterations && hi - lo > tolerance; k++) {
    const mid = 0.5 * (lo + hi);
    const fMid = f(mid);
    if (fMid === 0) return mid;
    if (Math.sign(fMid) === Math.sign(fLo)) {
      lo = mid;
      fLo = fMid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}
