import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fluxBalanceLp, readFluxBalance, solveFluxBalance, type LpSolver } from './flux-balance';

// X → A (≤ 10), A → B, A → C (≤ 3 by an initial assignment), B → Y (≤ 4), C → Y; maximise B→Y + C→Y.
// By hand: the two exits carry at most 4 + 3, so the optimum is 7 with X → A at 7 (the 10 does not bind).
const species = ['X', 'A', 'B', 'C', 'Y']
  .map((id) => `<species id="${id}" compartment="c" initialAmount="0" hasOnlySubstanceUnits="false" boundaryCondition="${id === 'X' || id === 'Y'}" constant="false"/>`)
  .join('');
const reactions: [string, string, string][] = [
  ['R1', 'X', 'A'],
  ['R2', 'A', 'B'],
  ['R3', 'A', 'C'],
  ['R4', 'B', 'Y'],
  ['R5', 'C', 'Y'],
];
const reaction = ([id, from, to]: [string, string, string], bounds = ''): string =>
  `<reaction id="${id}" reversible="false"${bounds}><listOfReactants><speciesReference species="${from}" stoichiometry="1" constant="true"/></listOfReactants>` +
  `<listOfProducts><speciesReference species="${to}" stoichiometry="1" constant="true"/></listOfProducts></reaction>`;
const objective =
  '<fbc:listOfObjectives fbc:activeObjective="obj"><fbc:objective fbc:id="other" fbc:type="minimize"><fbc:listOfFluxObjectives><fbc:fluxObjective fbc:reaction="R1" fbc:coefficient="1"/></fbc:listOfFluxObjectives></fbc:objective>' +
  '<fbc:objective fbc:id="obj" fbc:type="maximize"><fbc:listOfFluxObjectives><fbc:fluxObjective fbc:reaction="R4" fbc:coefficient="1"/><fbc:fluxObjective fbc:reaction="R5" fbc:coefficient="1"/></fbc:listOfFluxObjectives></fbc:objective></fbc:listOfObjectives>';
const head = (v: 1 | 2): string =>
  `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" xmlns:fbc="http://www.sbml.org/sbml/level3/version1/fbc/version${v}" level="3" version="1" fbc:required="false">`;

const v2 =
  `${head(2)}<model id="m" fbc:strict="true"><listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments><listOfSpecies>${species}</listOfSpecies>` +
  '<listOfParameters><parameter id="zero" value="0" constant="true"/><parameter id="ten" value="10" constant="true"/><parameter id="four" value="4" constant="true"/>' +
  '<parameter id="cap" value="100" constant="true"/><parameter id="inf" value="INF" constant="true"/></listOfParameters>' +
  '<listOfInitialAssignments><initialAssignment symbol="cap"><math xmlns="http://www.w3.org/1998/Math/MathML"><cn>3</cn></math></initialAssignment></listOfInitialAssignments>' +
  `<listOfReactions>${reaction(reactions[0], ' fbc:lowerFluxBound="zero" fbc:upperFluxBound="ten"')}${reaction(reactions[1], ' fbc:lowerFluxBound="zero" fbc:upperFluxBound="inf"')}` +
  `${reaction(reactions[2], ' fbc:lowerFluxBound="zero" fbc:upperFluxBound="cap"')}${reaction(reactions[3], ' fbc:lowerFluxBound="zero" fbc:upperFluxBound="four"')}` +
  `${reaction(reactions[4], ' fbc:lowerFluxBound="zero" fbc:upperFluxBound="inf"')}</listOfReactions>${objective}</model></sbml>`;

const v1 =
  `${head(1)}<model id="m"><listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments><listOfSpecies>${species}</listOfSpecies>` +
  `<listOfReactions>${reactions.map((r) => reaction(r)).join('')}</listOfReactions>` +
  '<fbc:listOfFluxBounds>' +
  ['R1', 'R2', 'R3', 'R4', 'R5'].map((r, i) => `<fbc:fluxBound fbc:id="lb${i}" fbc:reaction="${r}" fbc:operation="greaterEqual" fbc:value="0"/>`).join('') +
  '<fbc:fluxBound fbc:id="ub1" fbc:reaction="R1" fbc:operation="lessEqual" fbc:value="10"/><fbc:fluxBound fbc:id="ub3" fbc:reaction="R3" fbc:operation="lessEqual" fbc:value="3"/>' +
  '<fbc:fluxBound fbc:id="ub4" fbc:reaction="R4" fbc:operation="lessEqual" fbc:value="4"/></fbc:listOfFluxBounds>' +
  `${objective}</model></sbml>`;

describe(solveFluxBalance.name, () => {
  let lp: LpSolver;
  beforeAll(async () => {
    lp = await loadHighs();
  });

  it.each([
    ['fbc v2 (bound parameters, one set by an initial assignment)', v2],
    ['fbc v1 (flux bound elements)', v1],
  ])('should find the hand-computed optimum of a branched network for %s', (_name, xml) => {
    const sut = solveFluxBalance(readFluxBalance(xml), lp);
    expect(sut.objectiveId).toBe('obj');
    expect(sut.objective).toBeCloseTo(7, 9);
    expect(Object.fromEntries([...sut.fluxes].map(([k, x]) => [k, Number(x.toFixed(9))]))).toEqual({ R1: 7, R2: 4, R3: 3, R4: 4, R5: 3 });
  });

  it('should balance only species that are neither boundary nor constant when writing the LP', () => {
    const text = fluxBalanceLp(readFluxBalance(v2));
    expect(text.match(/ = 0/g)).toHaveLength(3); // A, B, C
    expect(text).toContain('0 <= x1 <= inf');
  });

  it('should report an infeasible problem with the solver status', () => {
    const infeasible = v1.replace('fbc:operation="lessEqual" fbc:value="10"', 'fbc:operation="equal" fbc:value="10"');
    expect(() => solveFluxBalance(readFluxBalance(infeasible), lp)).toThrow(/flux balance LP: Infeasible/);
  });
});
