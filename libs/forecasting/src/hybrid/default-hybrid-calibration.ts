/**
 * The committed calibration (data/hybrid-calibration.json, written by `npm run calibrate:hybrid-honest`) and, for
 * version 3, the GBT ARX's trees it stacks (data/hybrid-gbt-arx.json, written by the same run: the same `fittedAt`).
 */
import calibrationJson from '../../data/hybrid-calibration.json';
import gbtJson from '../../data/hybrid-gbt-arx.json';
import type { GbtArxJson } from '../baselines/gbt-arx';
import { parseHybridCalibration, type HybridCalibration } from './hybrid-calibration';

export function defaultHybridCalibration(): HybridCalibration {
  const calibration: Record<string, unknown> = calibrationJson;
  if (calibration.gbtArxFile === undefined) return parseHybridCalibration(calibration);
  const { fittedAt, ...gbtArx } = gbtJson as GbtArxJson & { fittedAt: string };
  // the weights were fitted with these very trees: a file of another run would mismatch them silently
  if (calibration.gbtArxFile !== 'hybrid-gbt-arx.json' || fittedAt !== calibration.fittedAt) throw new RangeError('hybrid calibration: hybrid-gbt-arx.json is not the GBT of this calibration (fittedAt differs)');
  return parseHybridCalibration({ ...calibration, gbtArx });
}
