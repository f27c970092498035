import { describe, expect, it } from 'vitest';
import { SbmlError, UnsupportedSbmlError } from '../errors/sbml-error';
import { importSbml } from './import-sbml';

const M = 'xmlns="http://www.w3.org/1998/Math/MathML"';
const doc = (body: string, level = 3, version = 2, extra = ''): string =>
  `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level${level}/version${version}/core" level="${level}" version="${version}"${extra}><model id="m">${body}</model></sbml>`;
const species = '<listOfCompartments><compartment id="c" size="2" constant="true"/></listOfCompartments><listOfSpecies><species id="S" compartment="c" initialConcentration="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>';
const reaction = (law: string, attrs = ''): string =>
  `<listOfReactions><reaction id="r1" reversible="false"${attrs}><listOfReactants><speciesReference species="S" stoichiometry="2" constant="true"/></listOfReactants><kineticLaw><math ${M}>${law}</math>` +
  '<listOfLocalParameters><localParameter id="k" value="0.5"/></listOfLocalParameters></kineticLaw></reaction></listOfReactions>';

describe(importSbml.name, () => {
  it('should inline function definitions and bind local parameters when reading a kinetic law', () => {
    const fn = `<listOfFunctionDefinitions><functionDefinition id="mm"><math ${M}><lambda><bvar><ci>x</ci></bvar><bvar><ci>v</ci></bvar><apply><divide/><apply><times/><ci>v</ci><ci>x</ci></apply><apply><plus/><cn>1</cn><ci>x</ci></apply></apply></lambda></math></functionDefinition></listOfFunctionDefinitions>`;
    const sut = importSbml(doc(fn + species + `<listOfParameters><parameter id="k" value="99" constant="true"/></listOfParameters>` + reaction('<apply><ci>mm</ci><ci>S</ci><ci>k</ci></apply>')));
    expect(sut.reactions[0].reactants[0].stoichiometry).toBe(2);
    // The local k (0.5) shadows the global k (99); the call is gone.
    expect(sut.reactions[0].rate).toEqual({
      kind: 'op',
      op: 'divide',
      args: [
        { kind: 'op', op: 'times', args: [{ kind: 'num', value: 0.5 }, { kind: 'sym', name: 'S' }] },
        { kind: 'op', op: 'plus', args: [{ kind: 'num', value: 1 }, { kind: 'sym', name: 'S' }] },
      ],
    });
    expect(sut.species[0]).toMatchObject({ id: 'S', initialConcentration: 1, hasOnlySubstanceUnits: false });
  });

  it('should read the delay csymbol as a delay operator when it appears in a kinetic law', () => {
    const law = '<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol><ci>S</ci><cn>1</cn></apply>';
    const sut = importSbml(doc(species + reaction(law)));
    expect(sut.reactions[0].rate).toEqual({ kind: 'op', op: 'delay', args: [{ kind: 'sym', name: 'S' }, { kind: 'num', value: 1 }] });
  });

  it('should read a Level 2 version 4 document with the Level 2 defaults', () => {
    const l2 = '<listOfCompartments><compartment id="c" size="2"/></listOfCompartments><listOfSpecies><species id="S" compartment="c" initialAmount="1"/></listOfSpecies>' +
      '<listOfParameters><parameter id="k" value="0.5"/></listOfParameters>' +
      `<listOfEvents><event id="e"><trigger><math ${M}><apply><gt/><ci>S</ci><cn>0</cn></apply></math></trigger></event></listOfEvents>`;
    const sut = importSbml(doc(l2, 2, 4));
    expect(sut.compartments[0]).toMatchObject({ constant: true, size: 2 });
    expect(sut.species[0]).toMatchObject({ hasOnlySubstanceUnits: false, boundaryCondition: false, constant: false, initialAmount: 1 });
    expect(sut.parameters[0].constant).toBe(true);
    expect(sut.events[0]).toMatchObject({ initialValue: true, persistent: true, useValuesFromTriggerTime: true });
  });

  it('should read fast reactions, and refuse Level 1 documents and unknown required packages', () => {
    expect(importSbml(doc(species + reaction('<ci>S</ci>', ' fast="true"'), 3, 1)).reactions[0].fast).toBe(true);
    expect(() => importSbml(doc(species, 1, 2))).toThrow(UnsupportedSbmlError);
    expect(() => importSbml(doc(species, 3, 1, ' xmlns:spatial="http://www.sbml.org/sbml/level3/version1/spatial/version1" spatial:required="true"'))).toThrow(/package\(s\) spatial/);
  });

  it('should report malformed XML as an SbmlError', () => {
    expect(() => importSbml('<sbml level="3" version="2"><model>')).toThrow(SbmlError);
    expect(() => importSbml('<notsbml/>')).toThrow(/not <sbml>/);
  });
});
