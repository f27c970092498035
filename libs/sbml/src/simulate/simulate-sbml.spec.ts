import { describe, expect, it } from 'vitest';
import { UnsupportedSbmlError } from '../errors/sbml-error';
import { importSbml } from '../import/import-sbml';
import { simulateSbml } from './simulate-sbml';

const M = 'xmlns="http://www.w3.org/1998/Math/MathML"';
const TIME = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>';
const doc = (body: string): string =>
  `<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2"><model id="m">${body}</model></sbml>`;
const param = (id: string, value: number, constant = false): string => `<parameter id="${id}" value="${value}" constant="${constant}"/>`;
const rate = (variable: string, math: string): string => `<rateRule variable="${variable}"><math ${M}>${math}</math></rateRule>`;
const event = (o: { id: string; trigger: string; assign: [string, string][]; delay?: string; priority?: number; persistent?: boolean; initialValue?: boolean; fromTrigger?: boolean }): string =>
  `<event id="${o.id}" useValuesFromTriggerTime="${o.fromTrigger ?? true}">` +
  `<trigger initialValue="${o.initialValue ?? false}" persistent="${o.persistent ?? true}"><math ${M}>${o.trigger}</math></trigger>` +
  (o.delay ? `<delay><math ${M}>${o.delay}</math></delay>` : '') +
  (o.priority !== undefined ? `<priority><math ${M}><cn>${o.priority}</cn></math></priority>` : '') +
  `<listOfEventAssignments>${o.assign.map(([v, m]) => `<eventAssignment variable="${v}"><math ${M}>${m}</math></eventAssignment>`).join('')}</listOfEventAssignments></event>`;
const timeAtLeast = (c: number): string => `<apply><geq/>${TIME}<cn>${c}</cn></apply>`;

function run(body: string, duration: number, steps: number, variables: string[]): number[][] {
  const r = simulateSbml(importSbml(doc(body)), { duration, steps, variables });
  return r.values.map((row) => Array.from(row));
}

describe('simulateSbml events (SBML L3V2 §4.12)', () => {
  const clock = `<listOfParameters>${param('x', 0)}${param('y', 0)}${param('z', 0)}</listOfParameters><listOfRules>${rate('x', '<cn>1</cn>')}</listOfRules>`;

  it('should assign values computed at trigger time when useValuesFromTriggerTime is true', () => {
    const rows = run(`${clock}<listOfEvents>${event({ id: 'e', trigger: timeAtLeast(1), delay: '<cn>2</cn>', assign: [['y', '<ci>x</ci>']] })}</listOfEvents>`, 5, 5, ['y']);
    expect(rows.map((r) => r[0])).toEqual([0, 0, 0, expect.closeTo(1, 9), expect.closeTo(1, 9), expect.closeTo(1, 9)]);
  });

  it('should assign values computed at execution time when useValuesFromTriggerTime is false', () => {
    const rows = run(`${clock}<listOfEvents>${event({ id: 'e', trigger: timeAtLeast(1), delay: '<cn>2</cn>', fromTrigger: false, assign: [['y', '<ci>x</ci>']] })}</listOfEvents>`, 5, 5, ['y']);
    expect(rows[3][0]).toBeCloseTo(3, 9);
  });

  it('should drop a delayed non-persistent event when its trigger turns false before it executes', () => {
    const window = `<apply><and/>${timeAtLeast(1)}<apply><lt/>${TIME}<cn>1.5</cn></apply></apply>`;
    const body = (persistent: boolean): string =>
      `${clock}<listOfEvents>${event({ id: 'e', trigger: window, delay: '<cn>1</cn>', persistent, assign: [['y', '<cn>1</cn>']] })}</listOfEvents>`;
    expect(run(body(false), 4, 4, ['y'])[4][0]).toBe(0);
    expect(run(body(true), 4, 4, ['y'])[4][0]).toBe(1);
  });

  it('should execute simultaneous events in priority order and cascade into triggers they raise', () => {
    const body = (pa: number, pb: number): string =>
      `${clock}<listOfEvents>` +
      event({ id: 'a', trigger: timeAtLeast(1), priority: pa, assign: [['y', '<cn>1</cn>']] }) +
      event({ id: 'b', trigger: timeAtLeast(1), priority: pb, assign: [['y', '<cn>2</cn>']] }) +
      event({ id: 'c', trigger: '<apply><gt/><ci>y</ci><cn>1.5</cn></apply>', assign: [['z', '<cn>7</cn>']] }) +
      '</listOfEvents>';
    expect(run(body(10, 1), 2, 2, ['y', 'z'])[2]).toEqual([2, 7]);
    expect(run(body(1, 10), 2, 2, ['y', 'z'])[2]).toEqual([1, 7]);
  });

  it('should fire at the start only when the trigger is true there and initialValue is false', () => {
    const body = (initialValue: boolean): string => `${clock}<listOfEvents>${event({ id: 'e', trigger: timeAtLeast(0), initialValue, assign: [['y', '<cn>5</cn>']] })}</listOfEvents>`;
    expect(run(body(false), 1, 1, ['y'])[0][0]).toBe(5);
    expect(run(body(true), 1, 1, ['y'])[1][0]).toBe(0);
  });

  it('should run events in a model without any integrated state', () => {
    const body = `<listOfParameters>${param('y', 0)}</listOfParameters><listOfEvents>${event({ id: 'e', trigger: timeAtLeast(1.5), assign: [['y', '<apply><plus/><ci>y</ci><cn>1</cn></apply>']] })}</listOfEvents>`;
    expect(run(body, 3, 3, ['y']).map((r) => r[0])).toEqual([0, 0, 1, 1]);
  });

  it('should locate a state-dependent trigger to the analytic crossing time', () => {
    // x = t, z counts nothing until x crosses sqrt(2); y records the time of the crossing.
    const rows = run(`${clock}<listOfEvents>${event({ id: 'e', trigger: '<apply><gt/><apply><times/><ci>x</ci><ci>x</ci></apply><cn>2</cn></apply>', assign: [['y', TIME]] })}</listOfEvents>`, 2, 2, ['y']);
    expect(rows[2][0]).toBeCloseTo(Math.SQRT2, 10);
  });
});

describe('simulateSbml species and rules', () => {
  it('should dilute a reacting species in a growing compartment (amounts integrated, §4.11.7)', () => {
    // V' = 1, V(0) = 1; A -> ∅ at rate k·[A]·V: amount e^{-kt}, concentration e^{-kt}/(1+t).
    const body =
      '<listOfCompartments><compartment id="V" size="1" constant="false"/></listOfCompartments>' +
      '<listOfSpecies><species id="A" compartment="V" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>' +
      `<listOfParameters>${param('k', 0.5, true)}</listOfParameters>` +
      `<listOfRules>${rate('V', '<cn>1</cn>')}</listOfRules>` +
      `<listOfReactions><reaction id="r" reversible="false"><listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>` +
      `<kineticLaw><math ${M}><apply><times/><ci>k</ci><ci>A</ci><ci>V</ci></apply></math></kineticLaw></reaction></listOfReactions>`;
    const r = simulateSbml(importSbml(doc(body)), { duration: 4, steps: 4, variables: ['A', 'A'], concentrations: ['A'] });
    const amounts = simulateSbml(importSbml(doc(body)), { duration: 4, steps: 4, variables: ['A'], amounts: ['A'] });
    r.time.forEach((t, k) => {
      expect(r.values[k][0]).toBeCloseTo(Math.exp(-0.5 * t) / (1 + t), 9);
      expect(amounts.values[k][0]).toBeCloseTo(Math.exp(-0.5 * t), 9);
    });
  });

  it('should scale reaction changes by a species conversion factor (§4.11.7)', () => {
    // A -> ∅ at rate k·A with conversionFactor 2: amount = exp(−2kt).
    const body =
      '<listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>' +
      '<listOfSpecies><species id="A" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false" conversionFactor="cf"/></listOfSpecies>' +
      `<listOfParameters>${param('k', 0.3, true)}${param('cf', 2, true)}</listOfParameters>` +
      `<listOfReactions><reaction id="r" reversible="false"><listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>` +
      `<kineticLaw><math ${M}><apply><times/><ci>k</ci><ci>A</ci></apply></math></kineticLaw></reaction></listOfReactions>`;
    run(body, 2, 2, ['A']).forEach((row, k) => expect(row[0]).toBeCloseTo(Math.exp(-0.6 * k), 10));
  });

  it('should refuse to start when an integrated species has no initial value', () => {
    const body =
      '<listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>' +
      '<listOfSpecies><species id="A" compartment="c" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>';
    expect(() => run(body, 1, 1, ['A'])).toThrow(/no initial value for "A"/);
  });

  it('should keep amounts when an event resizes a compartment, and set concentrations in the size before the event', () => {
    // S: amount 2 in V = 1. At t ≥ 1, V := 4 ([S] = 0.5, amount 2). At t ≥ 2, V := 2 and [S] := 3 together: every
    // assignment reads the state before the event, so the amount is 3 × 4 = 12 and [S] = 12 / 2 = 6 (§4.12.4; suite 01779).
    const body =
      '<listOfCompartments><compartment id="V" size="1" constant="false"/></listOfCompartments>' +
      '<listOfSpecies><species id="S" compartment="V" initialAmount="2" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>' +
      '<listOfEvents>' +
      event({ id: 'grow', trigger: timeAtLeast(1), assign: [['V', '<cn>4</cn>']] }) +
      event({ id: 'both', trigger: timeAtLeast(2), assign: [['V', '<cn>2</cn>'], ['S', '<cn>3</cn>']] }) +
      '</listOfEvents>';
    const conc = simulateSbml(importSbml(doc(body)), { duration: 3, steps: 3, variables: ['S'], concentrations: ['S'] });
    const amount = simulateSbml(importSbml(doc(body)), { duration: 3, steps: 3, variables: ['S'], amounts: ['S'] });
    expect(conc.values.map((r) => r[0])).toEqual([2, 0.5, 6, 6]);
    expect(amount.values.map((r) => r[0])).toEqual([2, 2, 12, 12]);
  });

  it('should solve a linear algebraic rule for its one undetermined variable', () => {
    // 0 = x + 2·y − 10 with y' = 1: x = 10 − 2t.
    const body =
      `<listOfParameters>${param('x', 0)}${param('y', 0)}</listOfParameters><listOfRules>${rate('y', '<cn>1</cn>')}` +
      `<algebraicRule><math ${M}><apply><minus/><apply><plus/><ci>x</ci><apply><times/><cn>2</cn><ci>y</ci></apply></apply><cn>10</cn></apply></math></algebraicRule></listOfRules>`;
    const rows = run(body, 3, 3, ['x']);
    rows.forEach((row, k) => expect(row[0]).toBeCloseTo(10 - 2 * k, 10));
  });

  it('should pair algebraic rules with their unknowns whatever their document order', () => {
    // 0 = x + y − 5 comes first but has two unknowns; 0 = y − 2t then fixes y, so the first rule gives x = 5 − 2t.
    const yMinus2t = `<apply><minus/><ci>y</ci><apply><times/><cn>2</cn>${TIME}</apply></apply>`;
    const body =
      `<listOfParameters>${param('x', 0)}${param('y', 0)}</listOfParameters><listOfRules>` +
      `<algebraicRule><math ${M}><apply><minus/><apply><plus/><ci>x</ci><ci>y</ci></apply><cn>5</cn></apply></math></algebraicRule>` +
      `<algebraicRule><math ${M}>${yMinus2t}</math></algebraicRule></listOfRules>`;
    const rows = run(body, 2, 2, ['x', 'y']);
    rows.forEach((row, k) => {
      expect(row[0]).toBeCloseTo(5 - 2 * k, 10);
      expect(row[1]).toBeCloseTo(2 * k, 10);
    });
  });

  it('should refuse coupled algebraic rules that no rule-by-rule pairing resolves, naming the unknowns', () => {
    const body =
      `<listOfParameters>${param('x', 0)}${param('y', 0)}</listOfParameters><listOfRules>` +
      `<algebraicRule><math ${M}><apply><minus/><apply><plus/><ci>x</ci><ci>y</ci></apply><cn>5</cn></apply></math></algebraicRule>` +
      `<algebraicRule><math ${M}><apply><minus/><ci>x</ci><ci>y</ci></apply></math></algebraicRule></listOfRules>`;
    expect(() => run(body, 1, 1, ['x'])).toThrow(/algebraicRule.*x,y.*coupled/);
  });

  it('should order initial assignments by their dependencies', () => {
    const ia = (s: string, math: string): string => `<initialAssignment symbol="${s}"><math ${M}>${math}</math></initialAssignment>`;
    const body =
      `<listOfParameters>${param('a', 0, true)}${param('b', 0, true)}${param('c', 3, true)}</listOfParameters>` +
      `<listOfInitialAssignments>${ia('a', '<apply><times/><ci>b</ci><cn>2</cn></apply>')}${ia('b', '<apply><plus/><ci>c</ci><cn>1</cn></apply>')}</listOfInitialAssignments>`;
    expect(run(body, 1, 1, ['a', 'b'])[0]).toEqual([8, 4]);
  });

  it('should refuse an algebraic rule that is not linear in its unknown', () => {
    const body =
      `<listOfParameters>${param('x', 1)}${param('y', 0)}</listOfParameters><listOfRules>${rate('y', '<cn>1</cn>')}` +
      `<algebraicRule><math ${M}><apply><minus/><apply><times/><ci>x</ci><ci>x</ci></apply><ci>y</ci></apply></math></algebraicRule></listOfRules>`;
    expect(() => run(body, 1, 1, ['x'])).toThrow(UnsupportedSbmlError);
  });

  it('should integrate a stiff reaction network to the published reference (Robertson 1966)', () => {
    // A -> B (0.04), 2B -> B + C (3e7), B + C -> A + C (1e4). Reference at t = 40: Hairer & Wanner, Solving
    // ODEs II, §IV.10 (y1 = 0.7158270687, y2 = 9.185534765e-6, y3 = 0.2841637457).
    const sp = (id: string, amount: number): string => `<species id="${id}" compartment="c" initialAmount="${amount}" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/>`;
    const ref = (s: string, n = 1): string => `<speciesReference species="${s}" stoichiometry="${n}" constant="true"/>`;
    const rx = (id: string, reactants: string, products: string, law: string): string =>
      `<reaction id="${id}" reversible="false"><listOfReactants>${reactants}</listOfReactants><listOfProducts>${products}</listOfProducts><kineticLaw><math ${M}>${law}</math></kineticLaw></reaction>`;
    const body =
      `<listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments><listOfSpecies>${sp('A', 1)}${sp('B', 0)}${sp('C', 0)}</listOfSpecies>` +
      '<listOfReactions>' +
      rx('r1', ref('A'), ref('B'), '<apply><times/><cn>0.04</cn><ci>A</ci></apply>') +
      rx('r2', ref('B', 2), ref('B') + ref('C'), '<apply><times/><cn>3e7</cn><ci>B</ci><ci>B</ci></apply>') +
      rx('r3', ref('B') + ref('C'), ref('A') + ref('C'), '<apply><times/><cn>1e4</cn><ci>B</ci><ci>C</ci></apply>') +
      '</listOfReactions>';
    const r = simulateSbml(importSbml(doc(body)), { duration: 40, steps: 1, variables: ['A', 'B', 'C'], rtol: 1e-8, atol: 1e-12 });
    const [a, b, c] = r.values[1];
    expect(Math.abs(a - 0.7158270687) / 0.7158270687).toBeLessThan(1e-6);
    expect(Math.abs(b - 9.185534765e-6) / 9.185534765e-6).toBeLessThan(1e-5);
    expect(Math.abs(c - 0.2841637457) / 0.2841637457).toBeLessThan(1e-6);
  });

  it('should evaluate rateOf from the derivatives, including dilution of a species in a growing compartment', () => {
    // V' = 1, V(0) = 1; S amount 1, no reactions: [S] = 1/(1+t), d[S]/dt = −1/(1+t)²; x' = 2 so rateOf(x) = 2.
    const rateOf = (x: string): string => `<apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/rateOf">rateOf</csymbol><ci>${x}</ci></apply>`;
    const assign = (variable: string, math: string): string => `<assignmentRule variable="${variable}"><math ${M}>${math}</math></assignmentRule>`;
    const body =
      '<listOfCompartments><compartment id="V" size="1" constant="false"/></listOfCompartments>' +
      '<listOfSpecies><species id="S" compartment="V" initialAmount="1" hasOnlySubstanceUnits="false" boundaryCondition="false" constant="false"/></listOfSpecies>' +
      `<listOfParameters>${param('x', 0)}${param('dS', 0)}${param('dx', 0)}${param('k', 3, true)}${param('dk', 5)}</listOfParameters>` +
      `<listOfRules>${rate('V', '<cn>1</cn>')}${rate('x', '<cn>2</cn>')}${assign('dS', rateOf('S'))}${assign('dx', rateOf('x'))}${assign('dk', rateOf('k'))}</listOfRules>`;
    const rows = run(body, 2, 2, ['dS', 'dx', 'dk']);
    rows.forEach((row, k) => {
      expect(row[0]).toBeCloseTo(-1 / (1 + k) ** 2, 10);
      expect(row[1]).toBe(2);
      expect(row[2]).toBe(0);
    });
  });

  it('should refuse rateOf of a rule-determined value', () => {
    const body =
      `<listOfParameters>${param('a', 0)}${param('b', 0)}</listOfParameters><listOfRules>` +
      `<assignmentRule variable="a"><math ${M}>${TIME}</math></assignmentRule>` +
      `<assignmentRule variable="b"><math ${M}><apply><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/rateOf">rateOf</csymbol><ci>a</ci></apply></math></assignmentRule></listOfRules>`;
    expect(() => run(body, 1, 1, ['b'])).toThrow(/rateOf.*"a"|id="a"/);
  });
});

describe('simulateSbml delays (SBML L3V2 §3.4.7, method of steps)', () => {
  const DELAY = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/delay">delay</csymbol>';
  // x' = −x(t − 1), x = 1 before the start: x = 1 − t on [0, 1], 1 − t + (t − 1)²/2 on [1, 2], − (t − 2)³/6 on [2, 3].
  const exact = (t: number): number => 1 - t + (t >= 1 ? (t - 1) ** 2 / 2 : 0) - (t >= 2 ? (t - 2) ** 3 / 6 : 0);
  const body =
    `<listOfParameters>${param('x', 1)}${param('echo', 0)}</listOfParameters>` +
    `<listOfRules>${rate('x', `<apply><minus/><apply>${DELAY}<ci>x</ci><cn>1</cn></apply></apply>`)}` +
    `<assignmentRule variable="echo"><math ${M}><apply>${DELAY}<ci>x</ci><cn>0.5</cn></apply></math></assignmentRule></listOfRules>`;

  it('should follow the piecewise-polynomial solution of x′ = −x(t − 1) and echo x half a time unit late', () => {
    const rows = run(body, 3, 12, ['x', 'echo']);
    rows.forEach(([x, echo], k) => {
      const t = k / 4;
      expect(x).toBeCloseTo(exact(t), 8);
      expect(echo).toBeCloseTo(t < 0.5 ? 1 : exact(t - 0.5), 8);
    });
  });

  it('should read the initial conditions at past times before the start', () => {
    // x := sin(10·t) initially, then constant: echo(0) = sin(10·(−0.5)).
    const past =
      `<listOfParameters><parameter id="x" constant="true"/>${param('echo', 0)}</listOfParameters>` +
      `<listOfInitialAssignments><initialAssignment symbol="x"><math ${M}><apply><sin/><apply><times/><cn>10</cn>${TIME}</apply></apply></math></initialAssignment></listOfInitialAssignments>` +
      `<listOfRules><assignmentRule variable="echo"><math ${M}><apply>${DELAY}<ci>x</ci><cn>0.5</cn></apply></math></assignmentRule></listOfRules>`;
    const rows = run(past, 1, 2, ['echo']);
    expect(rows[0][0]).toBeCloseTo(Math.sin(-5), 12);
    expect(rows[2][0]).toBeCloseTo(0, 12);
  });
});

describe('simulateSbml fast reactions (L3V1 §4.11.3, rapid equilibrium)', () => {
  // A ⇌ B fast (kf = 1, kr = 2: B = A/2 at equilibrium), B → ∅ slow (k = 0.3). On the slow manifold B = T/3 of
  // the total T = A + B, so T = T0·e^(−k·t/3); the start (A = 3, B = 0) is first relaxed to A = 2, B = 1.
  const body =
    '<listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>' +
    '<listOfSpecies><species id="A" compartment="c" initialAmount="3" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/>' +
    '<species id="B" compartment="c" initialAmount="0" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>' +
    '<listOfReactions><reaction id="eq" reversible="true" fast="true"><listOfReactants><speciesReference species="A" stoichiometry="1" constant="true"/></listOfReactants>' +
    '<listOfProducts><speciesReference species="B" stoichiometry="1" constant="true"/></listOfProducts>' +
    `<kineticLaw><math ${M}><apply><minus/><ci>A</ci><apply><times/><cn>2</cn><ci>B</ci></apply></apply></math></kineticLaw></reaction>` +
    '<reaction id="out" reversible="false" fast="false"><listOfReactants><speciesReference species="B" stoichiometry="1" constant="true"/></listOfReactants>' +
    `<kineticLaw><math ${M}><apply><times/><cn>0.3</cn><ci>B</ci></apply></math></kineticLaw></reaction></listOfReactions>`;

  it('should keep the fast pair in equilibrium from the start while the slow reaction drains it', () => {
    const rows = simulateSbml(importSbml(doc(body).replace('version2/core" level="3" version="2"', 'version1/core" level="3" version="1"')), { duration: 4, steps: 4, variables: ['A', 'B'] }).values;
    rows.forEach((row, k) => {
      const total = 3 * Math.exp((-0.3 * k) / 3);
      expect(row[0]).toBeCloseTo((2 * total) / 3, 5);
      expect(row[1]).toBeCloseTo(total / 3, 5);
    });
  });
});
