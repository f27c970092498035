import { solve, dopri5, tsit5, rodas4, autoSwitch } from '@shuji/ode';
import * as P from './test/test-problems';
const t0 = performance.now();
let s = solve({ f: P.robertson, y0: new Float64Array([1, 0, 0]), tspan: [0, 1e11] }, rodas4(), { rtol: 1e-8, atol: 1e-14, saveAt: new Float64Array([1e11]) });
console.log('rober', s.outcome, s.stats.steps, Array.from(s.y).map((v, i) => (v - P.ROBER_REF_T1E11[i]) / P.ROBER_REF_T1E11[i]), performance.now() - t0);
s = solve({ f: P.vanDerPolScaled(1e-6), y0: new Float64Array([2, 0]), tspan: [0, 2] }, rodas4(), { rtol: 1e-8, atol: 1e-8, saveAt: new Float64Array([2]) });
console.log('vdp', s.outcome, s.stats.steps, Array.from(s.y).map((v, i) => (v - P.VDPOL_REF_T2[i]) / P.VDPOL_REF_T2[i]));
s = solve({ f: P.hires, y0: Float64Array.from(P.HIRES_Y0), tspan: [0, 321.8122] }, rodas4(), { rtol: 1e-8, atol: 1e-10, saveAt: new Float64Array([321.8122]) });
console.log('hires', s.outcome, s.stats.steps, s.stats.finiteDifferenceJacobians, Array.from(s.y).map((v, i) => (v - P.HIRES_REF[i]) / P.HIRES_REF[i]));
for (const m of [autoSwitch(), dopri5()]) {
  const a = performance.now();
  s = solve({ f: P.vanDerPol(1000), y0: new Float64Array([2, 0]), tspan: [0, 3000] }, m, { rtol: 1e-6, atol: 1e-6, saveAt: new Float64Array([3000]), maxSteps: 200000 });
  console.log('vdp1000', m.kind, s.outcome, s.stats, s.y, performance.now() - a);
}
for (const m of [autoSwitch(), tsit5(), dopri5()]) {
  const a = performance.now();
  for (let r = 0; r < 100; r++) s = solve({ f: P.vanDerPol(1), y0: new Float64Array([2, 0]), tspan: [0, 20] }, m, { rtol: 1e-6, atol: 1e-6, saveAt: new Float64Array([20]) });
  console.log('vdp1', m.kind, s.stats.steps, s.stats.switches, (performance.now() - a) / 100, 'ms');
}
