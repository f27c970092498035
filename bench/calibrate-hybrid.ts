/**
 * `npm run calibrate:hybrid [-- --patients 30 --model models/shuji-fm-v2]`: fits the hybrid forecast (twin
 * weight and split-conformal interval scales per horizon) and the baselines' residual intervals on the tuning
 * cohort (seed 2026) and writes libs/forecasting/data/hybrid-calibration.json. Rerun after the FM or the twin's
 * filter changes; the held-out evaluation is `npm run validate:hybrid`.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { collectForecastSamples, fitCalibration } from '@shuji/forecasting';
import { FoundationModel } from '@shuji/foundation-model';
import { ObservationCodes } from '@shuji/twin';

const TUNING_SEED = 2026;
const HORIZONS = [30, 60, 120];
const EVERY_MIN = 15;
const DAYS = 3;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string', default: '30' },
      model: { type: 'string', default: 'models/shuji-fm-v2' },
      out: { type: 'string', default: join(__dirname, '..', 'libs', 'forecasting', 'data', 'hybrid-calibration.json') },
    },
  });
  const patients = Number(values.patients);
  if (!Number.isInteger(patients) || patients < 2) throw new RangeError('--patients: must be an integer ≥ 2');
  const fm = await FoundationModel.load({ modelDir: resolve(values.model), maxWaitMs: 1 });
  const tuning = await collectForecastSamples({ seed: TUNING_SEED, indices: Array.from({ length: patients }, (_, i) => i), days: DAYS }, fm, {
    horizonsMin: HORIZONS,
    forecastEveryMin: EVERY_MIN,
  });
  await fm.close();
  const calibration = fitCalibration(tuning, {
    code: ObservationCodes.cgmGlucose.loinc,
    cohortSeed: TUNING_SEED,
    patients,
    days: DAYS,
    forecastEveryMin: EVERY_MIN,
    fittedAt: new Date(),
  });
  writeFileSync(values.out, `${JSON.stringify(calibration, null, 2)}\n`);
  console.log(`${tuning.samples.length} samples from ${patients} patients (seed ${TUNING_SEED}) in ${(tuning.cpuMs / 1000).toFixed(1)} s CPU → ${values.out}`);
  for (const h of calibration.horizons) {
    console.log(`${h.horizonMin} min: twin weight ${h.twinWeight.toFixed(3)}, interval scales ${h.lowerScale.toFixed(3)} / ${h.upperScale.toFixed(3)} (n ${h.n})`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
