import { T1dGlucoseComponent, TwinEngine, forecastReading, generateVirtualPatient, ObservationCodes } from '@shuji/twin';
import { uvaPadovaSubjects } from '@shuji/models';
const idx = Number(process.argv[2] ?? 0);
const vp = generateVirtualPatient({ index: idx, days: 3 });
const base = uvaPadovaSubjects().find((s) => s.name === vp.baseSubject)!;
const comp = new T1dGlucoseComponent({ prior: base.parameters });
const eng = new TwinEngine(vp.patientId, comp, { ensembleSize: Number(process.argv[3] ?? 32), rtps: 0.5, checkpointEveryMin: 60, outOfOrderWindowMin: 1440 });
const t0 = performance.now();
const day3 = vp.truth.timeMs[0] + 2 * 86400e3;
const cgm = new Map<number, number>();
for (const e of vp.events) if (e.kind === 'observation' && e.loinc === ObservationCodes.cgmGlucose.loinc) cgm.set(e.timeMs, e.value);
let n = 0, se30 = 0, se60 = 0, sp30 = 0, sp60 = 0, cov30 = 0, cov60 = 0;
for (const e of vp.events) {
  eng.apply(e);
  if (e.kind === 'observation' && e.loinc === ObservationCodes.cgmGlucose.loinc && e.timeMs >= day3) {
    const y30 = cgm.get(e.timeMs + 30 * 60e3), y60 = cgm.get(e.timeMs + 60 * 60e3);
    if (y30 === undefined || y60 === undefined) continue;
    const f = forecastReading(eng, e.loinc, [30, 60]);
    n++; se30 += (f[0].mean - y30) ** 2; se60 += (f[1].mean - y60) ** 2;
    sp30 += (e.value - y30) ** 2; sp60 += (e.value - y60) ** 2;
    if (y30 >= f[0].q10 && y30 <= f[0].q90) cov30++;
    if (y60 >= f[1].q10 && y60 <= f[1].q90) cov60++;
  }
}
const ms = performance.now() - t0;
const th = eng.ensemble;
const names = comp.estimated.map((p) => p.name);
const est = names.map((nm, k) => { const v = th.map((m) => m[comp.iTheta + k]); const mu = v.reduce((a, b) => a + b) / v.length; const sd = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1)); return `${nm}: true ${Math.log(vp.trueParameters[nm]).toFixed(3)} prior ${Math.log(base.parameters[nm]).toFixed(3)} est ${mu.toFixed(3)}±${sd.toFixed(3)}`; });
console.log(vp.patientId, vp.baseSubject, `ms=${ms.toFixed(0)} n=${n} rmse30=${Math.sqrt(se30 / n).toFixed(1)} pers30=${Math.sqrt(sp30 / n).toFixed(1)} rmse60=${Math.sqrt(se60 / n).toFixed(1)} pers60=${Math.sqrt(sp60 / n).toFixed(1)} cov30=${(cov30 / n).toFixed(2)} cov60=${(cov60 / n).toFixed(2)}`);
console.log(est.join('\n'));
