/**
 * Adult body-weight dynamics: Hall's energy-balance model in its two-compartment (fat / lean) form.
 *
 * Structure: Chow CC, Hall KD. The dynamics of human body weight change. PLoS Comput Biol 2008;4(3):e1000045
 * (two-compartment model with the Forbes partition: dL/dF = 10.4/F, i.e. the fraction of stored energy going
 * to lean tissue p = C/(C + F) with C = 10.4 kg · ρL/ρF).
 * Energy expenditure and parameter values: Hall KD, Sacks G, Chandramohan D, et al. Quantification of the
 * effect of energy imbalance on bodyweight. Lancet 2011;378:826–837, web appendix:
 *   EE = K + γF·F + γL·L + δ·BW + TEF + AT + ηF·dF/dt + ηL·dL/dt
 *   TEF = βTEF·ΔEI,  dAT/dt = (βAT·ΔEI − AT)/τAT,  δ = ((1 − βTEF)·PAL − 1)·RMR/BW,  K from baseline balance
 *   ρF = 39.5 MJ/kg, ρL = 7.6 MJ/kg, γF = 13 kJ/kg/d, γL = 92 kJ/kg/d, ηF = 750 kJ/kg, ηL = 960 kJ/kg,
 *   βTEF = 0.1, βAT = 0.14, τAT = 14 d.
 * Baseline RMR: Mifflin MD, St Jeor ST, et al. Am J Clin Nutr 1990;51:241 (9.99·W + 6.25·H − 4.92·A + 5 / −161, kcal/d).
 * Baseline fat: Jackson AS, et al. Int J Obes 2002;26:789 (%fat from BMI, age, sex), as in the Lancet model.
 *
 * Activity: the input deltaPAL (default 0) is the change of PAL from the baseline; it moves the activity cost
 * δ = ((1 − βTEF)·(PAL + ΔPAL) − 1)·RMR0/BW0 while K (the baseline balance, with ΔPAL = 0) stays, as the Lancet
 * appendix treats a change of physical activity (a change of δ at fixed intake).
 * Simplification against the Lancet model: glycogen and extracellular fluid are not separate states (they
 * are part of L), so the fast water shifts of the first days are not modelled; the slow dynamics are.
 * With stored-energy rate E = ρF·F' + ρL·L', F' = (1 − p)·E/ρF and L' = p·E/ρL, the η terms make
 * EI − EE₀ = E·[(1 − p)(1 + ηF/ρF) + p(1 + ηL/ρL)], which is solved for E explicitly.
 */
import { Loinc } from '@shuji/contracts';
import type { ModelSpec } from '../../spec/model-spec';

const BMI0 = '(BW0 / (heightCm / 100)^2)';
/** Jackson 2002 percent body fat from BMI, age and sex (male = 1). */
const FAT0 = `(BW0 * (0.14 * age + male * (37.31 * log(${BMI0}) - 103.94) + (1 - male) * (39.96 * log(${BMI0}) - 102.01)) / 100)`;

export const HALL_BODY_WEIGHT_MODEL: ModelSpec = {
  id: 'hall-body-weight',
  name: 'Hall adult body-weight dynamics (two-compartment fat/lean energy balance)',
  version: '1.1.0',
  timeUnit: 'd',
  citations: [
    {
      reference:
        'Hall KD, Sacks G, Chandramohan D, Chow CC, Wang YC, Gortmaker SL, Swinburn BA. Quantification of the effect of energy imbalance on bodyweight. Lancet 2011;378(9793):826-837.',
      doi: '10.1016/S0140-6736(11)60812-X',
      note: 'Energy expenditure model and parameter values (web appendix); rule of thumb: 100 kJ/d → ~1 kg, half in ~1 y, 95% in ~3 y.',
    },
    {
      reference: 'Chow CC, Hall KD. The dynamics of human body weight change. PLoS Comput Biol 2008;4(3):e1000045.',
      doi: '10.1371/journal.pcbi.1000045',
      note: 'Two-compartment fat/lean structure with the Forbes energy partition.',
    },
    {
      reference:
        'Mifflin MD, St Jeor ST, Hill LA, Scott BJ, Daugherty SA, Koh YO. A new predictive equation for resting energy expenditure in healthy individuals. Am J Clin Nutr 1990;51(2):241-247.',
      doi: '10.1093/ajcn/51.2.241',
    },
    {
      reference:
        'Jackson AS, Stanforth PR, Gagnon J, et al. The effect of sex, age and race on estimating percentage body fat from body mass index: the Heritage Family Study. Int J Obes 2002;26(6):789-796.',
      doi: '10.1038/sj.ijo.0802006',
    },
  ],
  states: [
    { name: 'F', unit: 'kg', initial: FAT0, nonNegative: true, description: 'Body fat mass' },
    { name: 'L', unit: 'kg', initial: `BW0 - ${FAT0}`, nonNegative: true, description: 'Fat-free mass (lean tissue, water, glycogen)' },
    { name: 'AT', unit: 'kJ/d', initial: 0, description: 'Adaptive thermogenesis (0 at the baseline balance)' },
  ],
  parameters: [
    { name: 'BW0', unit: 'kg', default: 90, range: [40, 250], description: 'Baseline body weight' },
    { name: 'heightCm', unit: 'cm', default: 175, range: [130, 220], description: 'Height' },
    { name: 'age', unit: 'a', default: 40, range: [18, 90], description: 'Age at baseline' },
    { name: 'male', unit: '1', default: 1, range: [0, 1], description: '1 for male, 0 for female' },
    { name: 'PAL', unit: '1', default: 1.6, range: [1.3, 2.4], description: 'Physical activity level at baseline (EE = PAL · RMR)' },
    { name: 'rhoF', unit: 'kJ/kg', default: 39500, description: 'Energy density of fat' },
    { name: 'rhoL', unit: 'kJ/kg', default: 7600, description: 'Energy density of fat-free mass' },
    { name: 'gammaF', unit: 'kJ/kg/d', default: 13, description: 'Fat contribution to resting expenditure' },
    { name: 'gammaL', unit: 'kJ/kg/d', default: 92, description: 'Lean contribution to resting expenditure' },
    { name: 'etaF', unit: 'kJ/kg', default: 750, description: 'Cost of fat synthesis' },
    { name: 'etaL', unit: 'kJ/kg', default: 960, description: 'Cost of protein synthesis' },
    { name: 'betaTEF', unit: '1', default: 0.1, description: 'Thermic effect of feeding per unit intake change' },
    { name: 'betaAT', unit: '1', default: 0.14, description: 'Adaptive thermogenesis per unit intake change' },
    { name: 'tauAT', unit: 'd', default: 14, description: 'Time constant of adaptive thermogenesis' },
    { name: 'forbesC', unit: 'kg', default: 10.4, description: 'Forbes constant (dL/dF = forbesC / F)' },
  ],
  inputs: [
    { name: 'deltaEI', unit: 'kJ/d', description: 'Change of energy intake from the baseline (energy-balanced) intake' },
    { name: 'deltaPAL', unit: '1', default: 0, description: 'Change of physical activity level from the baseline PAL' },
  ],
  assignments: [
    { name: 'F0', expression: FAT0, unit: 'kg' },
    { name: 'L0', expression: `BW0 - F0`, unit: 'kg' },
    {
      name: 'RMR0',
      expression: '4.184 * (9.99 * BW0 + 6.25 * heightCm - 4.92 * age + male * 5 - (1 - male) * 161)',
      unit: 'kJ/d',
      description: 'Mifflin–St Jeor resting metabolic rate at baseline',
    },
    { name: 'EI0', expression: 'PAL * RMR0', unit: 'kJ/d', description: 'Baseline intake = baseline expenditure' },
    { name: 'delta0', expression: '((1 - betaTEF) * PAL - 1) * RMR0 / BW0', unit: 'kJ/kg/d', description: 'Physical activity cost per kg at baseline' },
    { name: 'K', expression: 'EI0 - gammaF * F0 - gammaL * L0 - delta0 * BW0', unit: 'kJ/d' },
    { name: 'delta', expression: '((1 - betaTEF) * (PAL + deltaPAL) - 1) * RMR0 / BW0', unit: 'kJ/kg/d', description: 'Physical activity cost per kg now' },
    { name: 'BW', expression: 'F + L', unit: 'kg' },
    { name: 'p', expression: '(forbesC * rhoL / rhoF) / (forbesC * rhoL / rhoF + F)', unit: '1', description: 'Forbes partition to lean' },
    {
      name: 'EEnoSynthesis',
      expression: 'K + gammaF * F + gammaL * L + delta * BW + betaTEF * deltaEI + AT',
      unit: 'kJ/d',
    },
    {
      name: 'storage',
      expression: '(EI0 + deltaEI - EEnoSynthesis) / ((1 - p) * (1 + etaF / rhoF) + p * (1 + etaL / rhoL))',
      unit: 'kJ/d',
      description: 'Rate of energy stored in tissue',
    },
  ],
  equations: {
    F: '(1 - p) * storage / rhoF',
    L: 'p * storage / rhoL',
    AT: '(betaAT * deltaEI - AT) / tauAT',
  },
  outputs: [
    { name: 'bodyWeight', expression: 'BW', unit: 'kg', loinc: Loinc.bodyWeight.code, description: 'Body weight' },
    { name: 'bmi', expression: 'BW / (heightCm / 100)^2', unit: 'kg/m2', loinc: Loinc.bmi.code, description: 'Body mass index' },
    { name: 'fatMass', expression: 'F', unit: 'kg' },
    { name: 'leanMass', expression: 'L', unit: 'kg' },
    { name: 'energyExpenditure', expression: 'EI0 + deltaEI - storage', unit: 'kJ/d' },
  ],
};
