import { T1dGlucoseComponent, TwinEngine, generateVirtualPatient, DEFAULT_TWIN_SETTINGS } from '@shuji/twin';
import { uvaPadovaSubjects } from '@shuji/models';
const idx = Number(process.argv[2] ?? 5);
const vp = generateVirtualPatient({ index: idx, days: 3, seed: 2026 });
const prior = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)!.parameters;
const comp = new T1dGlucoseComponent({ prior, ...JSON.parse(process.argv[3] ?? '{}') });
const eng = new TwinEngine(vp.patientId, comp, { ...DEFAULT_TWIN_SETTINGS, ...JSON.parse(process.argv[4] ?? '{}') });
console.log(vp.meals.map((m) => `${m.t_min}:${m.carbs_g}${m.announced ? '' : '!'}`).join(' '));
let k = 0;
for (const e of vp.events) {
  eng.apply(e);
  if (e.kind === 'observation' && e.loinc === '99504-3') {
    k++;
    if (k % 12 === 0) {
      const i = vp.truth.timeMs.indexOf(e.timeMs);
      const ens = eng.ensemble;
      const mean = (f: (m: Float64Array) => number) => ens.reduce((s, m) => s + f(m), 0) / ens.length;
      console.log(((e.timeMs - vp.truth.timeMs[0]) / 60000).toFixed(0), 'obs', e.value, 'true', vp.truth.interstitial[i].toFixed(0), 'est', mean((m) => comp.interstitialGlucose(m)).toFixed(0),
        'w', mean((m) => m[comp.iW]).toFixed(2), 'e', mean((m) => m[comp.iE]).toFixed(2), 'th', comp.estimated.map((p, j) => (mean((m) => m[comp.iTheta + j]) - Math.log(vp.trueParameters[p.name])).toFixed(2)).join(','));
    }
  }
}
