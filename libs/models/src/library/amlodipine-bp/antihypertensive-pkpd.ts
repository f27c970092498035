/**
 * Population PK/PD of two antihypertensive classes, the one table both the amlodipine-bp ModelSpec and the twin's
 * blood-pressure component read.
 *
 * PK: one-compartment oral models with first-order absorption, apparent (CL/F, V/F) parameters, log-normal
 * inter-individual variability (IIV):
 * - amlodipine (C08CA01): Flynn JT, Nahata MC, Mahan JD, Portman RJ et al. Population pharmacokinetics of amlodipine
 *   in hypertensive children and adolescents. J Clin Pharmacol 2006;46(8):905-916 (1-compartment, first-order
 *   absorption; CL/F 23.7 L/h for a 45-kg male, V/F 25.1 L/kg), scaled to 70 kg allometrically (CL ∝ W^0.75,
 *   V ∝ W): CL/F = 33.0 L/h, V/F = 1757 L (t½ 36.9 h: inside the 35–50 h of the Swiss product information,
 *   below the 40–50 h of Meredith & Elliott, Clin Pharmacokinet 1992;22:22). ka is not from that abstract: 0.5 /h
 *   puts tmax at 6.7 h, inside the adult 6–8 h (Meredith & Elliott 1992). The IIV of CL/F (log-SD 0.4) is an
 *   assumption of the order of the adult AUC spread, not the paper's ω (its table could not be retrieved).
 * - lisinopril (C09AA03): Thomson AH, Kelly JG, Whiting B. Lisinopril population pharmacokinetics in elderly and
 *   renal disease patients with hypertension. Br J Clin Pharmacol 1989;27(1):57-65, Table 3: CL/F = 0.251 L/h/kg
 *   (17.6 L/h at 70 kg, creatinine 70 µmol/L, 65 y), V/F = 36.7 L, ka = 0.104 /h (flip-flop: absorption-limited),
 *   ω² = 0.266 (CL), 1.61 (V), 0.538 (ka).
 *
 * PD: E = Emax·s·g(BP₀)·C/(EC50 + C), placebo-corrected, with s the person's sensitivity (1 typical) and g the
 * dependence on pre-treatment pressure. Calibrated to Law MR, Wald NJ, Morris JK, Jordan RE. Value of low dose
 * combination treatment with blood pressure lowering drugs: analysis of 354 randomised trials. BMJ 2003;326:1427
 * (the standard-dose figures Law, Morris & Wald BMJ 2009;338:b1665 build on), Table 1 / Results:
 * - standard dose from 154/97 mmHg: calcium-channel blockers −8.8/−5.9, ACE inhibitors −8.5/−4.7 mmHg;
 * - half the standard dose lowers 20 % less (7.1 vs 9.1 mmHg): for an Emax in dose this puts the half-effect
 *   dose at ED50 = 0.28/0.72 = 0.389 standard doses, so EC50 = 0.389·Css,avg(standard dose, typical person)
 *   and Emax = E_std·(1 + 0.389);
 * - 10 mmHg higher pre-treatment pressure lowers 1.0 mmHg systolic, 1.1 mmHg diastolic more: the effect is
 *   proportional to (BP₀ − 63) systolic and (BP₀ − 47) diastolic (zero at 154 − 91 and 97 − 50), g = 1 at 154/97.
 * Standard doses: amlodipine 5 mg, lisinopril 10 mg once daily (Law 2003's standard = the usual maintenance dose).
 */

/** One antihypertensive's population PK/PD. */
export interface AntihypertensiveDrug {
  readonly name: string;
  readonly atc: string;
  /** Apparent clearance CL/F (L/h), apparent volume V/F (L), absorption rate (/h): the typical 70-kg adult. */
  readonly clL_h: number;
  readonly vL: number;
  readonly kaPerH: number;
  /** Log-SD of the inter-individual variability of CL/F. */
  readonly clLogSd: number;
  /**
   * Log-SD of the person's sensitivity s (the effect at a given concentration relative to the typical): an
   * assumption (0.4: responses from none to about twice the mean), as the trials report the mean response and
   * not its between-person spread net of within-person noise.
   */
  readonly sensitivityLogSd: number;
  readonly standardDoseMg: number;
  /** Placebo-corrected fall at the standard dose from 154/97 mmHg (mmHg, positive = lowering). */
  readonly standardEffect: { readonly sbp: number; readonly dbp: number };
}

export const AMLODIPINE: AntihypertensiveDrug = {
  name: 'amlodipine',
  atc: 'C08CA01',
  clL_h: 23.7 * (70 / 45) ** 0.75,
  vL: 25.1 * 70,
  kaPerH: 0.5,
  clLogSd: 0.4,
  sensitivityLogSd: 0.4,
  standardDoseMg: 5,
  standardEffect: { sbp: 8.8, dbp: 5.9 },
};

export const LISINOPRIL: AntihypertensiveDrug = {
  name: 'lisinopril',
  atc: 'C09AA03',
  clL_h: 0.251 * 70,
  vL: 36.7,
  kaPerH: 0.104,
  clLogSd: Math.sqrt(0.266),
  sensitivityLogSd: 0.4,
  standardDoseMg: 10,
  standardEffect: { sbp: 8.5, dbp: 4.7 },
};

export const ANTIHYPERTENSIVES: readonly AntihypertensiveDrug[] = [AMLODIPINE, LISINOPRIL];

/** Half-effect dose in standard doses (Law 2003: half the standard dose lowers 20 % less). */
export const ED50_STANDARD_DOSES = 0.28 / 0.72;
/** Reference pre-treatment pressure of Law 2003's standard-dose figures, and where the effect extrapolates to 0. */
export const LAW_REFERENCE_BP = { sbp: 154, dbp: 97 } as const;
export const LAW_ZERO_EFFECT_BP = { sbp: 154 - 91, dbp: 97 - 50 } as const;

/**
 * Plasma concentration (ng/mL) at `tH` (hours) of the one-compartment oral model after doses {tH, mg}
 * (superposition of Bateman functions; doses at or after tH add nothing).
 */
export function oralConcentration(doses: readonly { readonly tH: number; readonly mg: number }[], tH: number, clL_h: number, vL: number, kaPerH: number): number {
  const ke = clL_h / vL;
  let c = 0;
  for (const d of doses) {
    const dt = tH - d.tH;
    if (!(dt > 0)) continue;
    // ka = ke is the limit of the Bateman function: D/V·ka·dt·e^(−ka·dt)
    const shape = Math.abs(kaPerH - ke) < 1e-9 ? kaPerH * dt * Math.exp(-kaPerH * dt) : (kaPerH / (kaPerH - ke)) * (Math.exp(-ke * dt) - Math.exp(-kaPerH * dt));
    c += ((d.mg * 1000) / vL) * shape;
  }
  return c;
}

/** Average steady-state concentration (ng/mL) under `mg` every `tauH` hours: F·D/(CL·τ) with apparent CL. */
export function steadyStateAverage(mg: number, tauH: number, clL_h: number): number {
  return (mg * 1000) / (clL_h * tauH);
}

/** EC50 (ng/mL): ED50 in standard doses times the typical person's steady-state average at the standard dose. */
export function ec50Of(drug: AntihypertensiveDrug): number {
  return ED50_STANDARD_DOSES * steadyStateAverage(drug.standardDoseMg, 24, drug.clL_h);
}

/** Emax at the reference pressure (mmHg), so that the typical steady state at the standard dose falls E_std. */
export function emaxOf(drug: AntihypertensiveDrug, which: 'sbp' | 'dbp'): number {
  return drug.standardEffect[which] * (1 + ED50_STANDARD_DOSES);
}

/** Law 2003's dependence on pre-treatment pressure: 1 at 154/97 mmHg, linear, 0 at 63/47 (never negative). */
export function baselineScale(which: 'sbp' | 'dbp', baseline: number): number {
  const zero = LAW_ZERO_EFFECT_BP[which];
  return Math.max(0, (baseline - zero) / (LAW_REFERENCE_BP[which] - zero));
}

/** Placebo-corrected fall in pressure (mmHg, ≥ 0) at concentration C for a person of sensitivity s and pre-treatment pressure BP₀. */
export function antihypertensiveEffect(drug: AntihypertensiveDrug, which: 'sbp' | 'dbp', concentration: number, sensitivity: number, baseline: number): number {
  if (!(concentration > 0)) return 0;
  const ec50 = ec50Of(drug);
  return emaxOf(drug, which) * sensitivity * baselineScale(which, baseline) * (concentration / (ec50 + concentration));
}
