import { SbmlError, SbmlErrorCode, UnsupportedSbmlError } from '../errors/sbml-error';
import { importSbml, parseXsdDouble } from '../import/import-sbml';
import { buildSbmlRuntime } from '../simulate/sbml-runtime';
import { child, listOf, parseXml, type XmlElement } from '../xml/xml-tree.util';

/**
 * Flux balance analysis of an SBML model with the "fbc" package, versions 1 and 2 (Olivier & Bergmann, J Integr
 * Bioinform 2015;12(2):269 and 2018;15(1):20170082; Orth, Thiele & Palsson, Nat Biotechnol 2010;28:245–248):
 *
 *   maximise or minimise Σ c_j v_j   subject to   S·v = 0 (one row per species that is neither a boundary
 *   condition nor constant),   l_j ≤ v_j ≤ u_j.
 *
 * Bounds come from fbc v1's `fluxBound` elements or fbc v2's `lowerFluxBound` / `upperFluxBound` parameters;
 * stoichiometries and bound parameters take their initial values (initial assignments and rules applied), so a
 * bound set by an initial assignment counts. A reaction without a bound is unbounded on that side.
 */
export interface FluxBalanceProblem {
  readonly reactions: readonly string[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Mass-balance rows: species id and its (reaction index, stoichiometry) entries. */
  readonly balances: readonly { readonly species: string; readonly entries: readonly (readonly [number, number])[] }[];
  readonly objective: { readonly id: string; readonly sense: 'maximize' | 'minimize'; readonly coefficients: readonly (readonly [number, number])[] };
}

export interface FluxBalanceSolution {
  readonly objectiveId: string;
  readonly objective: number;
  readonly fluxes: ReadonlyMap<string, number>;
}

/** The one method of an LP solver this needs: HiGHS's one-shot solve of a CPLEX LP-format model (npm `highs`). */
export interface LpSolver {
  solve(problem: string, options?: { output_flag?: boolean }): { Status: string; ObjectiveValue: number; Columns: Record<string, object> };
}

function attrNumber(el: XmlElement, attr: string): number | undefined {
  const raw = el.attrs[attr];
  return raw === undefined ? undefined : parseXsdDouble(raw);
}

/** Read the flux-balance problem of an SBML document with fbc (v1 or v2). */
export function readFluxBalance(xml: string): FluxBalanceProblem {
  const model = importSbml(xml);
  const root = parseXml(xml);
  const modelEl = child(root, 'model');
  if (!modelEl) throw new SbmlError(SbmlErrorCode.Malformed, 'no <model>');
  const rt = buildSbmlRuntime(model);
  const v = rt.initialValues(0);
  const valueOf = (id: string): number => {
    const slot = rt.slotOf(id);
    if (slot === undefined) throw new SbmlError(SbmlErrorCode.Invalid, `flux bound names unknown parameter "${id}"`);
    return v[slot];
  };
  const reactions = model.reactions.map((r) => r.id);
  const index = new Map(reactions.map((id, i) => [id, i]));
  const lower = new Float64Array(reactions.length).fill(-Infinity);
  const upper = new Float64Array(reactions.length).fill(Infinity);

  // fbc v2: bounds are parameters named on the reaction.
  for (const r of listOf(modelEl, 'listOfReactions', 'reaction')) {
    const i = index.get(r.attrs['id'] ?? '');
    if (i === undefined) continue;
    if (r.attrs['lowerFluxBound'] !== undefined) lower[i] = valueOf(r.attrs['lowerFluxBound']);
    if (r.attrs['upperFluxBound'] !== undefined) upper[i] = valueOf(r.attrs['upperFluxBound']);
  }
  // fbc v1: fluxBound elements with an operation.
  for (const fb of listOf(modelEl, 'listOfFluxBounds', 'fluxBound')) {
    const i = index.get(fb.attrs['reaction'] ?? '');
    const value = attrNumber(fb, 'value');
    if (i === undefined || value === undefined) throw new SbmlError(SbmlErrorCode.Invalid, `fluxBound ${fb.attrs['id'] ?? ''} names no reaction or value`);
    const op = fb.attrs['operation'];
    if (op === 'lessEqual' || op === 'less') upper[i] = Math.min(upper[i], value);
    else if (op === 'greaterEqual' || op === 'greater') lower[i] = Math.max(lower[i], value);
    else if (op === 'equal') {
      lower[i] = value;
      upper[i] = value;
    } else throw new UnsupportedSbmlError('fluxBound', fb.attrs['id'], `operation "${op ?? ''}"`);
  }

  const rows = new Map<string, Map<number, number>>();
  model.reactions.forEach((r, j) => {
    const add = (species: string, coefficient: number): void => {
      const sp = model.species.find((s) => s.id === species);
      if (!sp || sp.boundaryCondition || sp.constant) return;
      const row = rows.get(species) ?? new Map<number, number>();
      row.set(j, (row.get(j) ?? 0) + coefficient);
      rows.set(species, row);
    };
    const stoich = (ref: { id?: string; stoichiometry?: number }): number => (ref.id ? valueOf(ref.id) : (ref.stoichiometry ?? 1));
    for (const ref of r.reactants) add(ref.species, -stoich(ref));
    for (const ref of r.products) add(ref.species, stoich(ref));
  });
  const balances = model.species.filter((s) => rows.has(s.id)).map((s) => ({ species: s.id, entries: [...rows.get(s.id)!.entries()] }));

  const objectives = child(modelEl, 'listOfObjectives');
  const active = objectives?.attrs['activeObjective'];
  const objective = objectives?.children.find((o) => o.name === 'objective' && (active === undefined || o.attrs['id'] === active));
  if (!objective) throw new UnsupportedSbmlError('listOfObjectives', active, 'no active objective to optimise');
  const type = objective.attrs['type'];
  if (type !== 'maximize' && type !== 'minimize') throw new SbmlError(SbmlErrorCode.Invalid, `objective "${objective.attrs['id'] ?? ''}" has type "${type ?? ''}"`);
  const coefficients = listOf(objective, 'listOfFluxObjectives', 'fluxObjective').map((fo): [number, number] => {
    const j = index.get(fo.attrs['reaction'] ?? '');
    const c = attrNumber(fo, 'coefficient');
    if (j === undefined || c === undefined) throw new SbmlError(SbmlErrorCode.Invalid, `fluxObjective names no reaction or coefficient`);
    return [j, c];
  });
  return { reactions, lower, upper, balances, objective: { id: objective.attrs['id'] ?? '', sense: type, coefficients } };
}

/** CPLEX LP format text of the problem; columns are x0, x1, … (SBML ids may read as LP keywords). */
export function fluxBalanceLp(p: FluxBalanceProblem): string {
  const term = ([j, c]: readonly [number, number]): string => `${c < 0 ? '-' : '+'} ${Math.abs(c)} x${j}`;
  const bound = (x: number): string => (x === Infinity ? 'inf' : x === -Infinity ? '-inf' : String(x));
  const lines = [p.objective.sense === 'maximize' ? 'Maximize' : 'Minimize', ` obj: ${p.objective.coefficients.map(term).join(' ') || '0 x0'}`, 'Subject To'];
  p.balances.forEach((b, i) => lines.push(` b${i}: ${b.entries.map(term).join(' ')} = 0`));
  lines.push('Bounds');
  p.reactions.forEach((_, j) => {
    if (p.lower[j] === -Infinity && p.upper[j] === Infinity) lines.push(` x${j} free`);
    else lines.push(` ${bound(p.lower[j])} <= x${j} <= ${bound(p.upper[j])}`);
  });
  lines.push('End');
  return lines.join('\n');
}

/** Solve with the given LP solver; an infeasible or unbounded problem is an error naming the solver's status. */
export function solveFluxBalance(p: FluxBalanceProblem, lp: LpSolver): FluxBalanceSolution {
  for (let j = 0; j < p.reactions.length; j++) {
    if (!(p.lower[j] <= p.upper[j])) throw new SbmlError(SbmlErrorCode.Invalid, `reaction "${p.reactions[j]}" has bounds [${p.lower[j]}, ${p.upper[j]}]`);
  }
  const result = lp.solve(fluxBalanceLp(p), { output_flag: false });
  if (result.Status !== 'Optimal') throw new SbmlError(SbmlErrorCode.Invalid, `flux balance LP: ${result.Status}`);
  const primal = (j: number): number => {
    const col = result.Columns[`x${j}`];
    return col && 'Primal' in col && typeof col.Primal === 'number' ? col.Primal : NaN;
  };
  const fluxes = new Map(p.reactions.map((id, j) => [id, primal(j)]));
  return { objectiveId: p.objective.id, objective: result.ObjectiveValue, fluxes };
}
