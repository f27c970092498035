import { ObservationCodes } from './observation-codes';

/**
 * What an adult's member predicts for a weight, BMI or height reading, and the plausible adult ranges. The white noise
 * of a weighing is the day-to-day fluctuation of water, glycogen and gut content plus the scale: in young men 32 % of
 * day-to-day changes were ≥ 0.5 kg and 6.2 % ≥ 1 kg (Edholm OG, Adam JM, Best TW. Day-to-day weight changes in young
 * men. Ann Hum Biol 1974;1(1):3–12), a day-to-day difference SD of ≈ 0.5 kg; weekly cycles add ≈ 0.35 % of weight
 * (Orsama AL et al. Weight rhythms. Obes Facts 2014;7(1):36–47). Default 0.6 kg: unstandardised home weighings (time
 * of day, clothing) fluctuate more than the laboratory's morning weights.
 */
export const ADULT_READING_RANGE = {
  /** Below 20 kg an adult's BMI would be < 7 kg/m² at 170 cm; above 700 kg exceeds the heaviest human recorded (635 kg). */
  weightKg: { min: 20, max: 700 },
  bmi: { min: 7, max: 250 },
  /** Adult height: above the tallest human recorded (272 cm); below 100 cm, no adult the Hall model describes. */
  heightCm: { min: 100, max: 275 },
} as const;

export const DEFAULT_WEIGHT_NOISE_SD_KG = 0.6;
/** Height measured or reported: ±1 cm (diurnal change of stature, Reilly T, Tyrrell A, Troup JD. Chronobiol Int 1984;1:121–126). */
export const HEIGHT_NOISE_SD_CM = 1;

export class BodyWeightObservationModel {
  constructor(
    private readonly weightSdKg: number,
    /** Height (cm) used to scale the BMI noise (the variance sees only the reading, not the member). */
    private readonly referenceHeightCm: number,
  ) {}

  /** The predicted reading for a code from the member's weight (kg) and height (cm), or null when not explained. */
  observe(loinc: string, weightKg: number, heightCm: number): number | null {
    if (loinc === ObservationCodes.bodyWeight.loinc) return weightKg;
    if (loinc === ObservationCodes.bmi.loinc) return weightKg / (heightCm / 100) ** 2;
    if (loinc === ObservationCodes.bodyHeight.loinc) return heightCm;
    return null;
  }

  /** White variance of a reading: the weighing's for weight and for BMI (over the reference height squared), ±1 cm for height. */
  variance(loinc: string): number {
    if (loinc === ObservationCodes.bmi.loinc) return (this.weightSdKg / (this.referenceHeightCm / 100) ** 2) ** 2;
    if (loinc === ObservationCodes.bodyHeight.loinc) return HEIGHT_NOISE_SD_CM ** 2;
    return this.weightSdKg ** 2;
  }

  /** Whether a reading is an adult's; codes this model does not explain are not its to judge. */
  isPlausible(loinc: string, value: number): boolean {
    if (!Number.isFinite(value)) return false;
    const range =
      loinc === ObservationCodes.bodyWeight.loinc
        ? ADULT_READING_RANGE.weightKg
        : loinc === ObservationCodes.bmi.loinc
          ? ADULT_READING_RANGE.bmi
          : loinc === ObservationCodes.bodyHeight.loinc
            ? ADULT_READING_RANGE.heightCm
            : undefined;
    return range === undefined || (value >= range.min && value <= range.max);
  }
}
