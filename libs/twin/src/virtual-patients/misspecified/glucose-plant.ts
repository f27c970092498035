/**
 * A simulated person's glucose system advanced in short steps, so that a life with feedback (a correction when the
 * CGM is high, carbohydrates when it is low) and parameters that change with the time of day can drive it.
 */
export interface PlantMeal {
  readonly carbsG: number;
  /** Multiplier of the meal's absorption rates (1: the model's own; 2: fast carbohydrate such as glucose tablets). */
  readonly absorption: number;
  /**
   * The standard normal of this meal's own absorption factor, drawn by the life (common random numbers: the same
   * meal gets the same factor in every arm of a comparison); without it the plant draws its own from its stream.
   */
  readonly absorptionDraw?: number;
}

export interface GlucosePlant {
  /** What a CGM senses (interstitial glucose), mg/dL, now. */
  readonly interstitial: number;
  /** Plasma glucose, mg/dL, now. */
  readonly plasma: number;
  /** Basal insulin delivered by the pump, U/h (constant). */
  readonly basalUnitsPerHour: number;
  /** Carbohydrate ratio (g/U) and correction factor (mg/dL per U) the person doses by. */
  readonly therapy: { readonly carbRatio: number; readonly correctionFactor: number };
  /** The parameters the person was drawn with (time-invariant part), for the true-parameter twin. */
  readonly parameters: Readonly<Record<string, number>>;
  /**
   * Advances from `tMin` (minutes from midnight of day 0) by `dtMin`; the meal and bolus start at `tMin`. The pump
   * delivers `basalUnitsPerHour` over the step (default: the plant's own `basalUnitsPerHour`).
   */
  step(tMin: number, dtMin: number, meal: PlantMeal | undefined, bolusUnits: number, basalUnitsPerHour?: number): void;
}

/** exp(a·cos(2π(t − peak)/1440)): a log-amplitude daily rhythm peaking at `peakMin` (minutes after midnight). */
export function dailyRhythm(tMin: number, logAmplitude: number, peakMin: number): number {
  return Math.exp(logAmplitude * Math.cos((2 * Math.PI * (tMin - peakMin)) / 1440));
}

/** A raised-cosine bump of height 1 at `centreMin` of the day, `widthMin` wide at its base, zero elsewhere. */
export function dailyBump(tMin: number, centreMin: number, widthMin: number): number {
  const day = ((tMin % 1440) + 1440) % 1440;
  const d = Math.abs(day - centreMin);
  const x = Math.min(d, 1440 - d);
  return x >= widthMin / 2 ? 0 : 0.5 * (1 + Math.cos((2 * Math.PI * x) / widthMin));
}
