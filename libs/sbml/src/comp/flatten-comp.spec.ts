import { describe, expect, it } from 'vitest';
import { UnsupportedSbmlError } from '../errors/sbml-error';
import { importSbml } from '../import/import-sbml';
import { simulateSbml } from '../simulate/simulate-sbml';
import { flattenComp } from './flatten-comp';
import { parseXml } from '../xml/xml-tree.util';

const M = 'xmlns="http://www.w3.org/1998/Math/MathML"';
const TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">time</csymbol>';
const COMP = 'xmlns:comp="http://www.sbml.org/sbml/level3/version1/comp/version1" comp:required="true"';
const doc = (model: string, definitions = '', ns = COMP): string =>
  `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" ${ns} level="3" version="2">${model}` +
  (definitions ? `<comp:listOfModelDefinitions>${definitions}</comp:listOfModelDefinitions>` : '') +
  '</sbml>';
const math = (m: string): string => `<math ${M}>${m}</math>`;

/** Simulate and return the named columns, row by row. */
function run(xml: string, variables: string[], duration = 2, steps = 4): number[][] {
  return simulateSbml(importSbml(xml), { duration, steps, variables }).values.map((r) => Array.from(r));
}

// A decay module: species S in compartment C, S → ∅ at rate k·S·C, k a parameter the module exposes by a port.
const decay =
  '<comp:modelDefinition id="decay">' +
  '<listOfCompartments><compartment id="C" size="1" constant="true"/></listOfCompartments>' +
  '<listOfSpecies><species id="S" compartment="C" initialConcentration="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>' +
  '<listOfParameters><parameter id="k" value="0.1" constant="true"/><parameter id="clock" constant="false"/></listOfParameters>' +
  `<listOfRules><assignmentRule metaid="clock_rule" variable="clock">${math(`<apply><plus/>${TIME}<cn>1</cn></apply>`)}</assignmentRule></listOfRules>` +
  `<listOfReactions><reaction id="J" reversible="false"><listOfReactants><speciesReference species="S" stoichiometry="1" constant="true"/></listOfReactants>` +
  `<kineticLaw>${math('<apply><times/><ci>k</ci><ci>S</ci><ci>C</ci></apply>')}</kineticLaw></reaction></listOfReactions>` +
  '<comp:listOfPorts><comp:port comp:id="k_port" comp:idRef="k"/></comp:listOfPorts>' +
  '</comp:modelDefinition>';

describe(flattenComp.name, () => {
  it('should simulate two instances with a shared replaced parameter exactly as the hand-flattened model', () => {
    const hier = doc(
      '<model id="top"><listOfCompartments><compartment id="cell" size="2" constant="true">' +
        '<comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="A" comp:idRef="C"/><comp:replacedElement comp:submodelRef="B" comp:idRef="C"/></comp:listOfReplacedElements>' +
        '</compartment></listOfCompartments>' +
        '<listOfParameters><parameter id="kk" value="0.5" constant="true"><comp:listOfReplacedElements>' +
        '<comp:replacedElement comp:submodelRef="A" comp:portRef="k_port"/><comp:replacedElement comp:submodelRef="B" comp:portRef="k_port"/>' +
        '</comp:listOfReplacedElements></parameter></listOfParameters>' +
        '<comp:listOfSubmodels><comp:submodel comp:id="A" comp:modelRef="decay"/><comp:submodel comp:id="B" comp:modelRef="decay"/></comp:listOfSubmodels></model>',
      decay,
    );
    const species = (id: string): string =>
      `<species id="${id}" compartment="cell" initialConcentration="4" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>`;
    const reaction = (id: string, s: string): string =>
      `<reaction id="${id}" reversible="false"><listOfReactants><speciesReference species="${s}" stoichiometry="1" constant="true"/></listOfReactants>` +
      `<kineticLaw>${math(`<apply><times/><ci>kk</ci><ci>${s}</ci><ci>cell</ci></apply>`)}</kineticLaw></reaction>`;
    const flat = doc(
      '<model id="top"><listOfCompartments><compartment id="cell" size="2" constant="true"/></listOfCompartments>' +
        `<listOfSpecies>${species('A__S')}${species('B__S')}</listOfSpecies>` +
        '<listOfParameters><parameter id="kk" value="0.5" constant="true"/></listOfParameters>' +
        `<listOfReactions>${reaction('A__J', 'A__S')}${reaction('B__J', 'B__S')}</listOfReactions></model>`,
      '',
      '',
    );
    const sut = run(hier, ['A__S', 'B__S', 'A__k', 'A__C']);
    const expected = run(flat, ['A__S', 'B__S', 'kk', 'cell']);
    expect(sut).toEqual(expected);
    // Analytic: d(amount)/dt = −kk·[S]·cell with cell constant → [S] = 4·e^(−kk·t), reported every 0.5.
    sut.forEach((row, i) => expect(row[0]).toBeCloseTo(4 * Math.exp(-0.5 * 0.5 * i), 8));
  });

  it('should apply a conversion factor to reads and assignments of the replaced element', () => {
    // sub.p := 80 by a rule; top.q replaces it with factor f = 0.1: q = 80·f, and sub.r := 2·p reads p = q / f.
    const sub =
      '<comp:modelDefinition id="inner"><listOfParameters><parameter id="p" constant="false"/><parameter id="r" constant="false"/></listOfParameters>' +
      `<listOfRules><assignmentRule variable="p">${math('<cn>80</cn>')}</assignmentRule><assignmentRule variable="r">${math('<apply><times/><cn>2</cn><ci>p</ci></apply>')}</assignmentRule></listOfRules>` +
      '</comp:modelDefinition>';
    const hier = doc(
      '<model id="top"><listOfParameters><parameter id="f" value="0.1" constant="true"/><parameter id="q" constant="false">' +
        '<comp:listOfReplacedElements><comp:replacedElement comp:submodelRef="s" comp:idRef="p" comp:conversionFactor="f"/></comp:listOfReplacedElements></parameter></listOfParameters>' +
        '<comp:listOfSubmodels><comp:submodel comp:id="s" comp:modelRef="inner"/></comp:listOfSubmodels></model>',
      sub,
    );
    const flat = doc(
      '<model id="top"><listOfParameters><parameter id="f" value="0.1" constant="true"/><parameter id="q" constant="false"/><parameter id="s__r" constant="false"/></listOfParameters>' +
        `<listOfRules><assignmentRule variable="q">${math('<apply><times/><cn>80</cn><ci>f</ci></apply>')}</assignmentRule>` +
        `<assignmentRule variable="s__r">${math('<apply><times/><cn>2</cn><apply><divide/><ci>q</ci><ci>f</ci></apply></apply>')}</assignmentRule></listOfRules></model>`,
      '',
      '',
    );
    const sut = run(hier, ['q', 's__r', 's__p'], 1, 1);
    expect(sut).toEqual(run(flat, ['q', 's__r', 'q'], 1, 1).map(([q, r, q2]) => [q, r, q2 / 0.1]));
    expect(sut[0]).toEqual([expect.closeTo(8, 12), expect.closeTo(160, 12), expect.closeTo(80, 12)]);
  });

  it('should delete by metaid, convert submodel time and let replacedBy keep the parent id', () => {
    const hier = doc(
      '<model id="top"><listOfParameters><parameter id="tf" value="60" constant="true"/><parameter id="kk" value="9" constant="true">' +
        '<comp:replacedBy comp:submodelRef="s" comp:portRef="k_port"/></parameter></listOfParameters>' +
        '<comp:listOfSubmodels><comp:submodel comp:id="s" comp:modelRef="decay" comp:timeConversionFactor="tf"><comp:listOfDeletions><comp:deletion comp:metaIdRef="clock_rule"/></comp:listOfDeletions></comp:submodel>' +
        '<comp:submodel comp:id="u" comp:modelRef="decay" comp:timeConversionFactor="tf"/></comp:listOfSubmodels></model>',
      decay,
    );
    // kk is replaced by s's k (0.1 per submodel minute): the flat id is kk, s__k reads it. Time in s runs 60× slower.
    const sut = run(hier, ['kk', 's__k', 's__S', 'u__clock'], 60, 2);
    sut.forEach((row, i) => {
      const t = 30 * i;
      expect(row[0]).toBe(0.1);
      expect(row[1]).toBe(0.1);
      expect(row[2]).toBeCloseTo(4 * Math.exp((-0.1 * t) / 60), 8);
      expect(row[3]).toBeCloseTo(t / 60 + 1, 12);
    });
    // The deleted rule leaves s__clock without a rule: it keeps no value and is not reported as a derived one.
    expect(() => run(hier, ['s__clock'], 60, 2)).not.toThrow();
  });

  it('should refuse an external model definition whose source it cannot read, naming it', () => {
    const xml = doc(
      '<model id="top"><comp:listOfSubmodels><comp:submodel comp:id="s" comp:modelRef="ext"/></comp:listOfSubmodels></model>' +
        '<comp:listOfExternalModelDefinitions><comp:externalModelDefinition comp:id="ext" comp:source="other.xml"/></comp:listOfExternalModelDefinitions>',
    );
    expect(() => importSbml(xml)).toThrow(UnsupportedSbmlError);
    expect(() => importSbml(xml)).toThrow(/other\.xml/);
    const withSource = importSbml(xml, { externalSource: (src) => (src === 'other.xml' ? doc(decay.replace('comp:modelDefinition id="decay"', 'model id="decay"').replace('</comp:modelDefinition>', '</model>')) : undefined) });
    expect(withSource.species.map((s) => s.id)).toEqual(['s__S']);
  });

  it('should refuse a model that instantiates itself', () => {
    const self = '<comp:modelDefinition id="loop"><comp:listOfSubmodels><comp:submodel comp:id="again" comp:modelRef="loop"/></comp:listOfSubmodels></comp:modelDefinition>';
    const xml = doc('<model id="top"><comp:listOfSubmodels><comp:submodel comp:id="s" comp:modelRef="loop"/></comp:listOfSubmodels></model>', self);
    expect(() => flattenComp(parseXml(xml))).toThrow(/instantiates itself/);
  });
});
