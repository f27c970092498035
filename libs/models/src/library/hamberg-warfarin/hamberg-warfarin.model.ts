/**
 * Warfarin PK/PD with CYP2C9 and VKORC1 genotype → INR.
 *
 * Hamberg AK, Dahl ML, Barban M, et al. A PK-PD model for predicting the impact of age, CYP2C9, and VKORC1
 * genotype on individualization of warfarin therapy. Clin Pharmacol Ther 2007;81(4):529–538.
 *   PK (Table 2): S-warfarin, first-order absorption (ka = 2 /h) into a two-compartment model
 *     (V1 = 13.8 L, Q = 0.131 L/h, V2 = 6.59 L); apparent clearance CL = 0.314 L/h for CYP2C9 *1/*1 at
 *     age 71, reduced by a genotype-specific fraction and by 0.91 % per year of age above 71
 *     (about 9 % per decade).
 *   PD (Table 4, Fig. 2): inhibition of clotting-factor activity E = Emax·C^γ/(EC50^γ + C^γ), γ = 0.424,
 *     EC50 by VKORC1 −1639 G>A genotype (G/G 4.61, G/A 3.02, A/A 2.20 mg/L); the response 1 − E passes two
 *     parallel transit chains, six compartments with total mean transit time MTT1 = 11.6 h and one
 *     compartment with MTT2 = 120 h; INR = BASE + INRmax·(1 − A6·A7)^λ, λ = 3.61, INRmax = 20.
 * The 2007 PK is two-compartment (the paper's own fit), not one-compartment; we keep the paper's form.
 * Genotype → parameter mapping: ./warfarin-genotype.util.ts. Table values were cross-checked against an
 * independent re-implementation's transcription of Tables 2 and 4.
 *
 * Hamberg et al. 2010 (Clin Pharmacol Ther 87:727) re-expresses the model as a K-PD (dose-driven) model;
 * that variant is not implemented here.
 */
import type { ModelSpec } from '../../spec/model-spec';

export const HAMBERG_WARFARIN_MODEL: ModelSpec = {
  id: 'hamberg-warfarin',
  name: 'Hamberg 2007 warfarin PK/PD (CYP2C9, VKORC1, age → INR)',
  version: '1.0.0',
  timeUnit: 'h',
  citations: [
    {
      reference:
        'Hamberg AK, Dahl ML, Barban M, Scordo MG, Wadelius M, Pengo V, Padrini R, Jonsson EN. A PK-PD model for predicting the impact of age, CYP2C9, and VKORC1 genotype on individualization of warfarin therapy. Clin Pharmacol Ther 2007;81(4):529-538.',
      doi: '10.1038/sj.clpt.6100084',
      note: 'PK Table 2; PD Table 4 and Fig. 2; INRmax = 20 (p. 538).',
    },
    {
      reference:
        'Hamberg AK, Wadelius M, Lindh JD, Dahl ML, Padrini R, Deloukas P, Rane A, Jonsson EN. A pharmacometric model describing the relationship between warfarin dose and INR response with respect to variations in CYP2C9, VKORC1, and age. Clin Pharmacol Ther 2010;87(6):727-734.',
      doi: '10.1038/clpt.2010.37',
      note: 'K-PD successor model (not implemented).',
    },
  ],
  states: [
    { name: 'Ad', unit: 'mg', initial: 0, nonNegative: true, description: 'S-warfarin in the absorption depot' },
    { name: 'Ac', unit: 'mg', initial: 0, nonNegative: true, description: 'S-warfarin, central compartment' },
    { name: 'Ap', unit: 'mg', initial: 0, nonNegative: true, description: 'S-warfarin, peripheral compartment' },
    { name: 'Ael', unit: 'mg', initial: 0, nonNegative: true, description: 'S-warfarin eliminated (cumulative, for mass balance)' },
    { name: 'T1', unit: '1', initial: 1, description: 'Transit chain 1, compartment 1 (relative clotting-factor activity)' },
    { name: 'T2', unit: '1', initial: 1 },
    { name: 'T3', unit: '1', initial: 1 },
    { name: 'T4', unit: '1', initial: 1 },
    { name: 'T5', unit: '1', initial: 1 },
    { name: 'T6', unit: '1', initial: 1, description: 'Transit chain 1 output (A6 in the paper)' },
    { name: 'T7', unit: '1', initial: 1, description: 'Transit chain 2, single compartment (A7 in the paper)' },
  ],
  parameters: [
    {
      name: 'CL11',
      unit: 'L/h',
      default: 0.314,
      range: [0.05, 1.5],
      prior: { kind: 'lognormal', logMean: Math.log(0.314), logSd: Math.sqrt(0.31) },
      description: 'S-warfarin clearance, CYP2C9 *1/*1 at age 71 (Table 2; IIV variance 0.310)',
    },
    { name: 'cypReduction', unit: '1', default: 0, range: [0, 0.9], description: 'Fractional clearance reduction of the CYP2C9 genotype (0 for *1/*1)' },
    { name: 'ageEffect', unit: '/a', default: 0.0091, description: 'Fractional clearance decrease per year of age above 71' },
    { name: 'age', unit: 'a', default: 71, range: [18, 100], description: 'Age' },
    { name: 'V1', unit: 'L', default: 13.8, range: [5, 40], description: 'Central volume' },
    { name: 'Q', unit: 'L/h', default: 0.131, description: 'Inter-compartmental clearance' },
    { name: 'V2', unit: 'L', default: 6.59, range: [1, 40], description: 'Peripheral volume' },
    { name: 'ka', unit: '/h', default: 2, description: 'Absorption rate constant' },
    { name: 'Emax', unit: '1', default: 1, description: 'Maximal inhibition' },
    { name: 'hill', unit: '1', default: 0.424, description: 'Sigmoidicity γ of the inhibition' },
    {
      name: 'EC50',
      unit: 'mg/L',
      default: 4.61,
      range: [0.5, 15],
      prior: { kind: 'lognormal', logMean: Math.log(4.61), logSd: Math.sqrt(0.409) },
      description: 'S-warfarin EC50 (VKORC1 G/G default; G/A 3.02, A/A 2.20; IIV variance 0.409)',
    },
    { name: 'MTT1', unit: 'h', default: 11.6, description: 'Mean transit time of the six-compartment chain' },
    { name: 'MTT2', unit: 'h', default: 120, description: 'Mean transit time of the one-compartment chain' },
    { name: 'lambda', unit: '1', default: 3.61, description: 'Shape of the INR–activity relation' },
    { name: 'INRbase', unit: '1', default: 1, range: [0.8, 1.5], description: 'Baseline INR (measured before treatment)' },
    { name: 'INRmax', unit: '1', default: 20, description: 'Maximal INR increase' },
    { name: 'fractionS', unit: '1', default: 0.5, description: 'S-enantiomer fraction of a racemic warfarin dose' },
  ],
  assignments: [
    { name: 'CL', expression: 'CL11 * (1 - ageEffect * (age - 71)) * (1 - cypReduction)', unit: 'L/h', description: 'S-warfarin clearance' },
    // The 1e-30 mg/L floor keeps ∂E/∂C finite at C = 0 (C^γ has an infinite slope there); it moves E by < 1e-12.
    { name: 'C', expression: 'max(Ac, 0) / V1 + 1e-30', unit: 'mg/L', description: 'S-warfarin plasma concentration' },
    { name: 'E', expression: 'Emax * C^hill / (EC50^hill + C^hill)', unit: '1', description: 'Inhibition of clotting-factor synthesis' },
    { name: 'ktr1', expression: '6 / MTT1', unit: '/h' },
    { name: 'ktr2', expression: '1 / MTT2', unit: '/h' },
  ],
  equations: {
    Ad: '-ka * Ad',
    Ac: 'ka * Ad - (CL + Q) / V1 * Ac + Q / V2 * Ap',
    Ap: 'Q / V1 * Ac - Q / V2 * Ap',
    Ael: 'CL / V1 * Ac',
    T1: 'ktr1 * (1 - E - T1)',
    T2: 'ktr1 * (T1 - T2)',
    T3: 'ktr1 * (T2 - T3)',
    T4: 'ktr1 * (T3 - T4)',
    T5: 'ktr1 * (T4 - T5)',
    T6: 'ktr1 * (T5 - T6)',
    T7: 'ktr2 * (1 - E - T7)',
  },
  outputs: [
    {
      name: 'inr',
      expression: 'INRbase + INRmax * max(1 - T6 * T7, 0)^lambda',
      unit: '1',
      loinc: '6301-6',
      description: 'INR in Platelet poor plasma by Coagulation assay',
    },
    { name: 'sWarfarin', expression: 'C', unit: 'mg/L', description: 'S-warfarin plasma concentration' },
    { name: 'clearance', expression: 'CL', unit: 'L/h' },
  ],
};
