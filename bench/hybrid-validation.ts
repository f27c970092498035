/**
 * `npm run validate:hybrid [-- --patients 30 --ood 15 --model models/shuji-fm-v2 --calibration <json>]`: scores persistence, linear
 * extrapolation, the ODE twin, the FM and the hybrid at 30/60/120 min on the held-out cohort (seed 2027) and on
 * the FM's out-of-distribution region (high insulin sensitivity, seed 2028, σ 0.15), with the committed
 * calibration (libs/forecasting/data/hybrid-calibration.json). Prints the Markdown table of docs/validation.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FoundationModel } from '@shuji/foundation-model';
import {
  calibrationGbt,
  calibrationRidge,
  collectForecastSamples,
  defaultHybridCalibration,
  FORECAST_METHODS,
  parseHybridCalibration,
  scoreMethods,
  selectHighInsulinSensitivity,
  type CohortSpec,
  type MethodScore,
} from '@shuji/forecasting';

const HELD_OUT_SEED = 2027;
const OOD_SEED = 2028;
const HORIZONS = [30, 60, 120];
const LABELS: Record<(typeof FORECAST_METHODS)[number], string> = {
  persistence: 'persistence',
  linear: 'linear extrapolation',
  twin: 'ODE twin (EnKF)',
  fm: 'FM',
  hybrid: '**hybrid**',
};

function rows(label: string, scores: readonly MethodScore[]): string[] {
  const n = scores.find((s) => s.method === 'hybrid')?.n ?? 0;
  return FORECAST_METHODS.map((method, i) => {
    const at = HORIZONS.map((h) => scores.find((s) => s.method === method && s.horizonMin === h));
    const rmse = at.map((s) => (s === undefined ? '–' : s.rmse.toFixed(1)));
    const coverage = at.map((s) => (s === undefined ? '–' : `${(100 * s.coverage80).toFixed(0)} %`)).join(' / ');
    return `| ${i === 0 ? `${label} (${n} forecasts)` : ''} | ${LABELS[method]} | ${rmse.join(' | ')} | ${coverage} |`;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string', default: '30' },
      ood: { type: 'string', default: '15' },
      model: { type: 'string', default: 'models/shuji-fm-v2' },
      // another FM's calibration (npm run calibrate:hybrid -- --model … --out …) without replacing the committed one
      calibration: { type: 'string' },
    },
  });
  const calibration =
    values.calibration === undefined ? defaultHybridCalibration() : parseHybridCalibration(JSON.parse(readFileSync(resolve(values.calibration), 'utf8')));
  const fm = await FoundationModel.load({ modelDir: resolve(values.model), maxWaitMs: 1 });
  if (fm.name !== calibration.fmModel) console.warn(`calibration was fitted with ${calibration.fmModel}, evaluating ${fm.name}: rerun npm run calibrate:hybrid`);
  const heldOut: CohortSpec = { seed: HELD_OUT_SEED, indices: Array.from({ length: Number(values.patients) }, (_, i) => i) };
  const ood = selectHighInsulinSensitivity(OOD_SEED, Number(values.ood));
  const options = { horizonsMin: HORIZONS, forecastEveryMin: calibration.forecastEveryMin, stackRidge: calibrationRidge(calibration), ridgePersonalLambda: calibration.ridgePersonalLambda, stackGbt: calibrationGbt(calibration) };
  const a = await collectForecastSamples(heldOut, fm, options);
  const b = await collectForecastSamples({ seed: ood.seed, logSd: ood.logSd, indices: ood.indices }, fm, options);
  await fm.close();
  console.log(`calibration: ${calibration.fmModel}, ${calibration.twinComponent}, seed ${calibration.cohortSeed}, ${calibration.fittedAt}`);
  console.log(`held out: ${heldOut.indices.length} patients (seed ${HELD_OUT_SEED}), ${(a.cpuMs / 1000).toFixed(0)} s CPU; OOD: ${ood.indices.length} patients (seed ${OOD_SEED}, indices ${ood.indices.join(',')}), ${(b.cpuMs / 1000).toFixed(0)} s CPU\n`);
  console.log('| cohort | method | RMSE 30 min | RMSE 60 min | RMSE 120 min | 10–90 % coverage 30 / 60 / 120 min |');
  console.log('| --- | --- | ---: | ---: | ---: | --- |');
  for (const line of [...rows(`held out, seed ${HELD_OUT_SEED}, ${heldOut.indices.length} patients`, scoreMethods(a.samples, calibration)), ...rows(`OOD, Vmx ≥ base·e^{1.28·0.15}, ${ood.indices.length} patients`, scoreMethods(b.samples, calibration))]) {
    console.log(line);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
