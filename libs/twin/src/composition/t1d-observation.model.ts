import { johnsonMoments, type CgmSensorParameters } from '@shuji/models';
import { ObservationCodes } from './observation-codes';

/**
 * What the T1D member predicts for a reading. A CGM reads interstitial glucose plus the sensor error of Breton &
 * Kovatchev 2008, which the filter sees through its moment-matched Gaussian AR(1) (same mean, SD and autocorrelation
 * as the Johnson SU error: the sinh tail would let a linear update explain an unannounced meal as a 5-sigma sensor
 * error); a meter reads plasma glucose with a relative error (ISO 15197:2013).
 */
export class T1dObservationModel {
  private readonly sensorMean: number;
  private readonly sensorSd: number;

  constructor(
    sensor: CgmSensorParameters,
    private readonly meterCv: number,
  ) {
    ({ mean: this.sensorMean, sd: this.sensorSd } = johnsonMoments(sensor));
  }

  /** The predicted reading for a LOINC code from the member's noise-free glucose and sensor error, or null. */
  observe(loinc: string, interstitial: number, plasma: number, sensorError: number): number | null {
    if (loinc === ObservationCodes.cgmGlucose.loinc) return interstitial + this.sensorMean + this.sensorSd * sensorError;
    if (loinc === ObservationCodes.bloodGlucose.loinc || loinc === ObservationCodes.capillaryGlucose.loinc) return plasma;
    return null;
  }

  /** White (unmodelled) variance of a reading: CGM rounding to 1 mg/dL plus a small floor; meter CV. */
  variance(loinc: string, value: number): number {
    if (loinc === ObservationCodes.cgmGlucose.loinc) return 4;
    return (this.meterCv * value) ** 2;
  }
}
