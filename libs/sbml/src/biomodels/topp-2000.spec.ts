/**
 * BioModels BIOMD0000000341: Topp B, Promislow K, deVries G, Miura RM, Finegood DT. A model of β-cell mass,
 * insulin, and glucose kinetics: pathways to diabetes. J Theor Biol 2000;206(4):605–619 (PMID 11013117). Glucose G
 * (mg/dL), insulin I (μU/mL), β-cell mass β (mg), time in days:
 *   G′ = R0 − (EG0 + SI·I)·G,  I′ = β·σ·G²/(α + G²) − k·I,  β′ = (−d0 + r1·G − r2·G²)·β.
 * The paper's result (its abstract, kept in the file's notes): two stable fixed points, physiological and
 * pathological, separated on the slow manifold by a saddle. With its normal parameters they are (100, 10, 300),
 * the saddle at G = 250 and (600, 0, 0): the roots of β′ = 0 (G = 100, 250) and G′ = 0 at I = 0 (R0/EG0 = 600).
 */
import { describe, expect, it } from 'vitest';
import { importSbml } from '../import/import-sbml';
import type { SbmlModel } from '../import/sbml-model';
import { buildSbmlRuntime } from '../simulate/sbml-runtime';
import { simulateSbml } from '../simulate/simulate-sbml';
import { readBioModel } from './biomodels-file.util';

const model = importSbml(readBioModel('BIOMD0000000341'));

/** (G′, I′, β′) of the imported model at a state. */
function rates(G: number, I: number, B: number): number[] {
  const rt = buildSbmlRuntime(model);
  const v = rt.initialValues(0);
  const values: Record<string, number> = { G, I, B };
  for (const [id, x] of Object.entries(values)) v[rt.slotOf(id)!] = x;
  rt.derive(0, v);
  const dy = new Float64Array(rt.stateSlots.length);
  rt.derivatives(0, v, dy);
  return ['G', 'I', 'B'].map((id) => dy[Array.from(rt.stateSlots).indexOf(rt.slotOf(id)!)]);
}

const startingAt = (B: number): SbmlModel => ({ ...model, species: model.species.map((s) => (s.id === 'B' ? { ...s, initialConcentration: B } : s)) });

describe('BioModels BIOMD0000000341 (Topp 2000 β-cell mass, insulin and glucose)', () => {
  const sigma = 43.2;
  const saddleBeta = (2.8 * 432 * (20000 + 250 ** 2)) / (sigma * 250 ** 2); // β with I′ = 0 at G = 250, I = 2.8

  it("should have the paper's physiological and pathological fixed points, and start at its saddle", () => {
    for (const [G, I, B] of [[100, 10, 300], [600, 0, 0], [250, 2.8, saddleBeta]]) {
      const [dG, dI, dB] = rates(G, I, B);
      // G′ terms are O(10³) mg/dL/d, I′ terms O(10³) μU/mL/d, β′ terms O(10) mg/d: zero to rounding.
      expect(Math.abs(dG)).toBeLessThan(1e-9);
      expect(Math.abs(dI)).toBeLessThan(1e-9);
      expect(Math.abs(dB)).toBeLessThan(1e-9);
    }
    // The curated file starts at (250, 2.8, 37): the saddle, β rounded (36.96 exactly, 0.1 % off).
    const init = Object.fromEntries(model.species.map((s) => [s.id, s.initialConcentration]));
    expect(init).toEqual({ G: 250, I: 2.8, B: 37 });
    expect(Math.abs(37 - saddleBeta) / saddleBeta).toBeLessThan(0.002);
  });

  it('should go to the physiological state from above the saddle and to the pathological one from below (1 %)', () => {
    const end = (B: number): Float64Array => simulateSbml(startingAt(B), { duration: 3000, steps: 30, variables: ['G', 'I', 'B'] }).values[30];
    const [gUp, iUp, bUp] = end(saddleBeta * 1.05);
    expect(Math.abs(gUp - 100) / 100).toBeLessThan(0.01);
    expect(Math.abs(iUp - 10) / 10).toBeLessThan(0.01);
    expect(Math.abs(bUp - 300) / 300).toBeLessThan(0.01);
    const [gDown, iDown, bDown] = end(saddleBeta * 0.95);
    expect(Math.abs(gDown - 600) / 600).toBeLessThan(0.01);
    expect(iDown).toBeLessThan(0.01 * 10);
    expect(bDown).toBeLessThan(0.01 * 300);
  });
});
