/**
 * Forecasts as quantiles per (target code, horizon), so that a hybrid can combine them with the ODE twin's
 * ensemble quantiles entry by entry (same target, same horizon, same levels).
 */
export interface QuantileForecast {
  /** LOINC code of the forecast quantity (e.g. 99504-3 CGM glucose, 29463-7 body weight). */
  readonly code: string;
  readonly horizonMin: number;
  /** Quantile levels, ascending (e.g. 0.1, 0.5, 0.9). */
  readonly levels: readonly number[];
  /** Values at those levels, in the code's unit. */
  readonly values: readonly number[];
}

/**
 * The personalisation head's prior for one personal parameter of the T1D twin (models from v2 on): a
 * log-normal, ln θ ~ N(logMean, logSd²), θ in the UVA/Padova model's units.
 */
export interface PersonalParameterPrior {
  readonly name: string;
  readonly logMean: number;
  readonly logSd: number;
}

export interface Forecast {
  /** Minutes of the person's timeline at which the forecast is made. */
  readonly tRef: number;
  readonly entries: readonly QuantileForecast[];
  /** The model's patient embedding (a summary of the history, for retrieval and personalisation). */
  readonly embedding: readonly number[];
  /** Which anchors were present: entries for a code without history are omitted. */
  readonly model: string;
  /** Prior over the twin's personal parameters from this history; absent when the model has no such head (v1). */
  readonly personal?: readonly PersonalParameterPrior[];
}
