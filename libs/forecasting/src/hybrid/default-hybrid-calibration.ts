/** The committed calibration (data/hybrid-calibration.json, written by `npm run calibrate:hybrid`). */
import calibrationJson from '../../data/hybrid-calibration.json';
import { parseHybridCalibration, type HybridCalibration } from './hybrid-calibration';

export function defaultHybridCalibration(): HybridCalibration {
  return parseHybridCalibration(calibrationJson);
}
