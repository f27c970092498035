/**
 * validate:optimise — issue 15's "Done when" for the T1D settings optimiser on the full held-out cohort: 30 virtual
 * T1D people (libs/recommend optimise/validation: population prior, 3 days of data on poor starting settings, the
 * product's batch personalisation), the recommendation applied to the true person for 14 days. Prints each person
 * and the two criteria (≥ 80 % raise TIR without raising time below 70; mean TIR gain ≥ 10 points); exits 1 when
 * either is not met. Usage: tsx bench/optimise-validation.ts [patients=30] [members=64] [first-index=0]
 */
import { cpus, loadavg } from 'node:os';
import { validateT1dSettings } from '@shuji/recommend';

const count = Number(process.argv[2] ?? 30);
const members = Number(process.argv[3] ?? 64);
const first = Number(process.argv[4] ?? 0);

async function main(): Promise<void> {
  console.log(`validate:optimise ${new Date().toISOString()} — ${cpus()[0]?.model ?? '?'}, ${cpus().length} logical CPUs, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' / ')}`);
  console.log(`${count} held-out virtual T1D people (indices ${first}–${first + count - 1}, cohort seed 4242), ${members} members, 3 days of data, 14 days on the true person`);
  const sut = await validateT1dSettings({ patients: Array.from({ length: count }, (_, i) => first + i), ensembleSize: members });
  for (const p of sut.patients) {
    const r = p.recommended === null ? 'none offered' : Object.entries(p.recommended).map(([k, v]) => `${k} ${v > 0 ? '+' : ''}${v} %`).join(', ');
    console.log(
      `${p.patientId} ${p.baseSubject.padEnd(14)} basal ×${p.start.basalFactor} ratio ×${p.start.carbRatioFactor}: ${r}; true TIR ${p.tirStart.toFixed(1)} → ${p.tirRecommended.toFixed(1)}, ` +
        `TBR70 ${p.tbr70Start.toFixed(2)} → ${p.tbr70Recommended.toFixed(2)}, TBR54 → ${p.tbr54Recommended.toFixed(2)}; twin predicted TIR ${p.predicted.tirStart.toFixed(1)} → ${p.predicted.tirRecommended?.toFixed(1) ?? '–'}; ` +
        `${p.success ? 'met' : 'NOT met'} (optimisation ${(p.optimiseMs / 1000).toFixed(1)} s)`,
    );
  }
  const met = sut.successShare >= 0.8 && sut.meanTirGain >= 10;
  console.log(`TIR raised without raising TBR70: ${sut.patients.filter((p) => p.success).length}/${sut.patients.length} (${(100 * sut.successShare).toFixed(0)} %, goal ≥ 80 %); mean TIR gain ${sut.meanTirGain.toFixed(1)} points (goal ≥ 10); CPU ${(sut.cpuMs / 1000).toFixed(0)} s`);
  console.log(met ? 'both criteria met' : 'NOT MET');
  process.exitCode = met ? 0 : 1;
}

void main();
