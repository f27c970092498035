/**
 * Risk flags of a clinician's panel, from a patient's latest data. Thresholds and their sources:
 * - time below range: > 4 % of CGM readings < 70 mg/dL or > 1 % < 54 mg/dL over the window (international consensus
 *   targets, Battelino et al., Diabetes Care 2019;42:1593–1603, for most adults with diabetes);
 * - blood pressure above target: latest office systolic ≥ 140 mmHg (the office threshold of hypertension and the
 *   first treatment target, Williams et al., 2018 ESC/ESH Guidelines, Eur Heart J 2018;39:3021–3104);
 * - INR out of range: latest INR < 2.0 or > 3.0, the target range for most warfarin indications (Ageno et al.,
 *   Chest 2012;141(2 Suppl):e44S–e88S).
 * Data freshness is not a flag: the panel shows each patient's latest observation time beside them.
 */
export type RiskFlagCode = 'time-below-range' | 'bp-above-target' | 'inr-out-of-range';

export interface RiskFlag {
  readonly code: RiskFlagCode;
  readonly severity: 'warning' | 'critical';
  /** One line for the clinician, with the numbers behind it. */
  readonly text: string;
}

export interface PanelFacts {
  readonly cgmReadings: number;
  readonly cgmBelow70: number;
  readonly cgmBelow54: number;
  readonly lastSystolic: number | null;
  readonly lastInr: number | null;
}

/** Fewer CGM readings than this in the window (about 8 h) say too little about time below range. */
const MIN_CGM_READINGS = 96;

export function riskFlags(facts: PanelFacts): RiskFlag[] {
  const flags: RiskFlag[] = [];
  if (facts.cgmReadings >= MIN_CGM_READINGS) {
    const below70 = (100 * facts.cgmBelow70) / facts.cgmReadings;
    const below54 = (100 * facts.cgmBelow54) / facts.cgmReadings;
    if (below54 > 1) flags.push({ code: 'time-below-range', severity: 'critical', text: `${below54.toFixed(1)} % of CGM readings below 54 mg/dL (target < 1 %)` });
    else if (below70 > 4) flags.push({ code: 'time-below-range', severity: 'warning', text: `${below70.toFixed(1)} % of CGM readings below 70 mg/dL (target < 4 %)` });
  }
  if (facts.lastSystolic !== null && facts.lastSystolic >= 140) {
    flags.push({ code: 'bp-above-target', severity: facts.lastSystolic >= 180 ? 'critical' : 'warning', text: `latest systolic ${Math.round(facts.lastSystolic)} mmHg (target < 140)` });
  }
  if (facts.lastInr !== null && (facts.lastInr < 2 || facts.lastInr > 3)) {
    flags.push({ code: 'inr-out-of-range', severity: facts.lastInr > 4.5 ? 'critical' : 'warning', text: `latest INR ${facts.lastInr.toFixed(1)} (target 2.0–3.0)` });
  }
  return flags;
}
