/**
 * The Hamberg 2007 warfarin PK/PD (libs/models hamberg-warfarin.model.ts; Hamberg AK et al., Clin Pharmacol Ther
 * 2007;81:529-538, PK Table 2, PD Table 4 and Fig. 2) as a fixed-step integrator over a slice of a member vector, for
 * the twin's anticoagulation component and the virtual INR persons that test it:
 *
 *   Ad' = −ka·Ad,  Ac' = ka·Ad − (CL + Q)/V1·Ac + Q/V2·Ap,  Ap' = Q/V1·Ac − Q/V2·Ap     (S-warfarin, mg)
 *   E = C^γ / ((EC50·e^x)^γ + C^γ),  C = Ac/V1                                           (inhibition)
 *   T1' = k1(1 − E − T1), Ti' = k1(T(i−1) − Ti) i = 2…6, k1 = 6/MTT1;  T7' = (1 − E − T7)/MTT2
 *   INR = BASE + INRmax·(1 − T6·T7)^λ
 *
 * x is an exposure–sensitivity shift in log space (0 in the paper): the twin's disturbance for what the model does not
 * explain (vitamin K intake, an unrecorded interacting drug, missed tablets all move C/EC50), held over a call.
 * The depot is solved exactly (Ad(τ) = Ad₀·e^(−ka·τ), its outflow the forcing of the central compartment) and the
 * other nine states by classical RK4 with steps of at most MAX_STEP_H: the fastest remaining rate is k1 = 0.52/h, so a
 * 1-h step is within ~1e-3 INR of the libs/models adaptive solution (the spec), far below an INR's measurement error.
 */

/** Offsets of the ten states in the slice. */
export const WarfarinState = { Ad: 0, Ac: 1, Ap: 2, T1: 3, T6: 8, T7: 9 } as const;
export const WARFARIN_STATE_COUNT = 10;

/** A person's (or member's) PK/PD parameters in the paper's units (L, L/h, h, mg/L). */
export interface WarfarinPkpdParameters {
  readonly clL_h: number;
  readonly v1L: number;
  readonly v2L: number;
  readonly mtt1H: number;
  readonly mtt2H: number;
  readonly ec50MgL: number;
  readonly inrBase: number;
}

/** The paper's fixed values (Hamberg 2007 Tables 2 and 4): Q, ka, γ, λ, INRmax, and the S fraction of a racemic tablet. */
export const HAMBERG_FIXED = { qL_h: 0.131, kaPerH: 2, hill: 0.424, lambda: 3.61, inrMax: 20, fractionS: 0.5 } as const;

/** Longest RK4 step (hours). */
export const MAX_STEP_H = 1;

/** Drug-naive states: nothing absorbed, clotting-factor activity 1. */
export function drugNaiveWarfarinState(member: Float64Array, offset: number): void {
  member.fill(0, offset, offset + 3);
  member.fill(1, offset + 3, offset + WARFARIN_STATE_COUNT);
}

/** INR of the states at `offset` (the model's output). */
export function warfarinInr(member: Float64Array, offset: number, p: WarfarinPkpdParameters): number {
  const activity = member[offset + WarfarinState.T6] * member[offset + WarfarinState.T7];
  return p.inrBase + HAMBERG_FIXED.inrMax * Math.max(1 - activity, 0) ** HAMBERG_FIXED.lambda;
}

const k = new Float64Array(9 * 4);
const y = new Float64Array(9);
const tmp = new Float64Array(9);

/** Derivatives of the nine non-depot states (Ac, Ap, T1…T7) into out[o…o+8], given the depot outflow ka·Ad. */
function derivative(s: Float64Array, absorption: number, p: WarfarinPkpdParameters, ec50Hill: number, out: Float64Array, o: number): void {
  const [ac, ap] = [s[0], s[1]];
  const c = Math.max(ac, 0) / p.v1L;
  const cg = c > 0 ? c ** HAMBERG_FIXED.hill : 0;
  const e = cg / (ec50Hill + cg);
  const k1 = 6 / p.mtt1H;
  out[o] = absorption - ((p.clL_h + HAMBERG_FIXED.qL_h) / p.v1L) * ac + (HAMBERG_FIXED.qL_h / p.v2L) * ap;
  out[o + 1] = (HAMBERG_FIXED.qL_h / p.v1L) * ac - (HAMBERG_FIXED.qL_h / p.v2L) * ap;
  out[o + 2] = k1 * (1 - e - s[2]);
  for (let i = 3; i < 8; i++) out[o + i] = k1 * (s[i - 1] - s[i]);
  out[o + 8] = (1 - e - s[8]) / p.mtt2H;
}

/**
 * Advances the states at `offset` by `hours` with no dose in between (doses are added to Ad by the caller), under the
 * exposure shift `x` (log EC50 multiplier; 0 = the paper).
 */
export function advanceWarfarin(member: Float64Array, offset: number, hours: number, p: WarfarinPkpdParameters, x: number): void {
  if (!(hours > 0)) return;
  const steps = Math.ceil(hours / MAX_STEP_H - 1e-9);
  const h = hours / steps;
  const ec50Hill = (p.ec50MgL * Math.exp(x)) ** HAMBERG_FIXED.hill;
  const ka = HAMBERG_FIXED.kaPerH;
  const halfDecay = Math.exp(-ka * h * 0.5);
    for (let n = 0; n < steps; n++) {
    const ad0 = member[offset];
    for (let i = 0; i < 9; i++) y[i] = member[offset + 1 + i];
    const f0 = ka * ad0;
    const fHalf = f0 * halfDecay;
    const f1 = fHalf * halfDecay;
    derivative(y, f0, p, ec50Hill, k, 0);
    for (let i = 0; i < 9; i++) tmp[i] = y[i] + 0.5 * h * k[i];
    derivative(tmp, fHalf, p, ec50Hill, k, 9);
    for (let i = 0; i < 9; i++) tmp[i] = y[i] + 0.5 * h * k[9 + i];
    derivative(tmp, fHalf, p, ec50Hill, k, 18);
    for (let i = 0; i < 9; i++) tmp[i] = y[i] + h * k[18 + i];
    derivative(tmp, f1, p, ec50Hill, k, 27);
    for (let i = 0; i < 9; i++) member[offset + 1 + i] = y[i] + (h / 6) * (k[i] + 2 * k[9 + i] + 2 * k[18 + i] + k[27 + i]);
    member[offset] = ad0 * halfDecay * halfDecay;
  }
}
