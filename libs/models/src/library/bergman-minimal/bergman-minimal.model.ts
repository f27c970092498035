/**
 * Bergman minimal model of glucose kinetics during an intravenous glucose tolerance test, coupled to the
 * insulin minimal model.
 *
 * Glucose (Bergman, Ider, Bowden & Cobelli 1979, Am J Physiol 236:E667–E677, the model of their Fig. 1 / Eqs. 6–7):
 *   dG/dt = −(p1 + X)·G + p1·Gb            glucose effectiveness SG = p1
 *   dX/dt = −p2·X + p3·(I − Ib)            insulin sensitivity SI = p3 / p2
 * Insulin (Toffolo, Bergman, Finegood, Bowden & Cobelli 1980, Diabetes 29:979; as used in MINMOD,
 * Pacini & Bergman 1986, Comput Methods Programs Biomed 23:113–122; cf. De Gaetano & Arino 2000,
 * J Math Biol 40:136, Eq. 3): second-phase secretion proportional to the glucose excess over a threshold h
 * and to the time since the bolus:
 *   dI/dt = −n·(I − Ib) + γ·[G − h]⁺·t
 * We write the clearance of the above-basal insulin (I − Ib), so that the basal state is an equilibrium.
 *
 * Default parameters: the MINMOD fit to the normal subject's frequently sampled IVGTT published in
 * Pacini & Bergman 1986 (glucose: p1 = 3.082e-2, p2 = 2.093e-2, p3 = 1.062e-5, G(0) = 279 mg/dL;
 * insulin: n = 0.3, h = 89.5, γ = 3.349e-3, I(0) = 403.4), with Gb = 92 mg/dL and Ib = 11 µU/mL the
 * pre-bolus (t = 0) samples of the same table. We read these values from the MLAB worked example of that
 * data set (civilized.com/mlabexamples/glucose.htmld), which reproduces the 1986 table.
 */
import { Loinc } from '@shuji/contracts';
import { lognormalParameter } from '../../spec/lognormal-parameter';
import type { ModelSpec } from '../../spec/model-spec';

export const BERGMAN_MINIMAL_MODEL: ModelSpec = {
  id: 'bergman-minimal',
  name: 'Bergman minimal model (glucose + insulin minimal models, IVGTT)',
  version: '1.0.0',
  timeUnit: 'min',
  citations: [
    {
      reference:
        'Bergman RN, Ider YZ, Bowden CR, Cobelli C. Quantitative estimation of insulin sensitivity. Am J Physiol 1979;236(6):E667-E677.',
      doi: '10.1152/ajpendo.1979.236.6.E667',
      note: 'Glucose minimal model (model VI, Fig. 1), SI = p3/p2, SG = p1.',
    },
    {
      reference:
        'Toffolo G, Bergman RN, Finegood DT, Bowden CR, Cobelli C. Quantitative estimation of beta cell sensitivity to glucose in the intact organism: a minimal model of insulin kinetics in the dog. Diabetes 1980;29(12):979-990.',
      doi: '10.2337/diab.29.12.979',
      note: 'Insulin minimal model: dI/dt = −n I + γ [G − h]⁺ t.',
    },
    {
      reference:
        'Pacini G, Bergman RN. MINMOD: a computer program to calculate insulin sensitivity and pancreatic responsivity from the frequently sampled intravenous glucose tolerance test. Comput Methods Programs Biomed 1986;23(2):113-122.',
      doi: '10.1016/0169-2607(86)90106-9',
      note: 'FSIGT data of a normal subject and the MINMOD parameter estimates used as defaults and in the validation test.',
    },
  ],
  states: [
    { name: 'G', unit: 'mg/dL', initial: 'G0', nonNegative: true, description: 'Plasma glucose concentration' },
    { name: 'X', unit: '/min', initial: 0, description: 'Insulin action in the remote (interstitial) compartment' },
    { name: 'I', unit: 'u[IU]/mL', initial: 'I0', nonNegative: true, description: 'Plasma insulin concentration (µU/mL)' },
  ],
  parameters: [
    lognormalParameter({ name: 'p1', unit: '/min', default: 3.082e-2, range: [0.005, 0.08], description: 'Glucose effectiveness SG (insulin-independent fractional glucose disappearance)' }, 0.5),
    lognormalParameter({ name: 'p2', unit: '/min', default: 2.093e-2, range: [0.002, 0.2], description: 'Rate constant of remote insulin action decay' }, 0.6),
    lognormalParameter({ name: 'p3', unit: '/min2/(u[IU]/mL)', default: 1.062e-5, range: [1e-7, 1e-4], description: 'Insulin-dependent increase of remote insulin action; SI = p3/p2' }, 0.8),
    { name: 'Gb', unit: 'mg/dL', default: 92, range: [60, 140], description: 'Basal (pre-bolus) plasma glucose' },
    { name: 'Ib', unit: 'u[IU]/mL', default: 11, range: [2, 40], description: 'Basal (pre-bolus) plasma insulin' },
    { name: 'G0', unit: 'mg/dL', default: 279, range: [60, 500], description: 'Glucose just after the i.v. bolus (model extrapolation to t = 0)' },
    { name: 'I0', unit: 'u[IU]/mL', default: 403.4, range: [0, 1000], description: 'Insulin at t = 0 (first-phase peak, extrapolated)' },
    { name: 'n', unit: '/min', default: 0.3, range: [0.05, 0.6], description: 'Fractional insulin clearance' },
    { name: 'h', unit: 'mg/dL', default: 89.5, range: [60, 200], description: 'Glucose threshold of second-phase secretion' },
    {
      name: 'gammaI',
      unit: '(u[IU]/mL)/min2/(mg/dL)',
      default: 3.349e-3,
      range: [0, 0.05],
      description: 'Second-phase pancreatic responsivity γ',
    },
    {
      name: 'Vg',
      unit: 'dL/kg',
      default: 1.6,
      range: [1, 2.5],
      description:
        'Glucose distribution volume, used only to turn an i.v. dose (mg/kg) into a concentration; 1.6 dL/kg is what G0 − Gb = 187 mg/dL implies for the 0.3 g/kg FSIGT bolus',
    },
  ],
  inputs: [
    { name: 'glucoseInfusion', unit: 'mg/kg/min', description: 'Exogenous i.v. glucose infusion rate' },
    {
      name: 'insulinAppearance',
      unit: '(u[IU]/mL)/min',
      description: 'Exogenous insulin appearance in plasma (an insulin-modified IVGTT, or a measured insulin curve as a forcing)',
    },
  ],
  assignments: [{ name: 'SI', expression: 'p3 / p2', unit: '/min/(u[IU]/mL)', description: 'Insulin sensitivity index' }],
  equations: {
    G: '-(p1 + X) * G + p1 * Gb + glucoseInfusion / Vg',
    X: '-p2 * X + p3 * (I - Ib)',
    I: '-n * (I - Ib) + gammaI * max(G - h, 0) * t + insulinAppearance',
  },
  outputs: [
    { name: 'glucose', expression: 'G', unit: 'mg/dL', loinc: Loinc.serumGlucose.code, description: 'Glucose [Mass/volume] in Serum or Plasma' },
    { name: 'insulin', expression: 'I', unit: 'u[IU]/mL', loinc: Loinc.serumInsulin.code, description: 'Insulin [Units/volume] in Serum or Plasma' },
    { name: 'insulinSensitivity', expression: 'SI', unit: '/min/(u[IU]/mL)' },
  ],
};
