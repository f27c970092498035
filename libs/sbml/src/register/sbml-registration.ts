/**
 * An imported SBML model as a `ModelRegistration`: the same object the built-in models give the registry, the
 * CLI, the cohort runner and the twin. Event-free models only (a ModelSpec has no events); a model with
 * events is refused here and can still be simulated with `simulateSbml`.
 */
import { type DoseRoute, dosesToSchedule, type ModelRegistration, type ModelSpec } from '@shuji/models';
import { parse, type MathNode, SymbolNode } from 'mathjs';
import type { SbmlModel } from '../import/sbml-model';
import { sbmlToModelSpec } from '../import/to-model-spec';
import { type SbmlMapping, SbmlMappingError } from './sbml-mapping';

function renameSymbols(expression: string, rename: (id: string) => string | undefined, at: string): string {
  let node: MathNode;
  try {
    node = parse(expression);
  } catch (error) {
    throw new SbmlMappingError(`${at}: cannot parse "${expression}" (${(error as Error).message})`);
  }
  return node
    .transform((n) => {
      if (!(n instanceof SymbolNode)) return n;
      const name = rename(n.name);
      return name === undefined ? n : new SymbolNode(name);
    })
    .toString();
}

export function sbmlRegistration(model: SbmlModel, mapping: SbmlMapping): ModelRegistration {
  const { spec, names } = sbmlToModelSpec(model, { ...(mapping.id ? { id: mapping.id } : {}), timeUnit: mapping.time_unit });
  const stateNames = new Set(spec.states.map((s) => s.name));
  /** The state a dose into `species` lands in: its integrated amount, or the species itself when it is a state. */
  const stateOf = (species: string, at: string): string => {
    const state = names.get(`amount:${species}`) ?? names.get(species);
    if (state === undefined || !stateNames.has(state)) {
      throw new SbmlMappingError(`${at}: "${species}" is not a species integrated by this model`);
    }
    return state;
  };

  const inputs: { name: string; unit: string; description: string }[] = [];
  const equations: Record<string, string> = { ...spec.equations };
  const routes: Record<string, DoseRoute> = {};
  for (const [route, target] of Object.entries(mapping.routes ?? {})) {
    const state = stateOf(target.species, `routes.${route}.species`);
    if (target.duration_min === undefined) {
      routes[route] = { kind: 'add-to-state', state, ...(target.scale === undefined ? {} : { scale: target.scale }) };
      continue;
    }
    const input = `dose_rate_${route.replace(/[^A-Za-z0-9_]/g, '_')}`;
    inputs.push({ name: input, unit: '', description: `zero-order dose of route "${route}" into ${target.species}` });
    equations[state] = `(${equations[state]}) + ${input}`;
    routes[route] = { kind: 'infusion', input, durationMin: target.duration_min, ...(target.scale === undefined ? {} : { scale: target.scale }) };
  }

  const outputs =
    mapping.outputs?.map((o, k) => ({
      name: o.name,
      unit: o.unit,
      expression: renameSymbols(o.expression, (id) => names.get(id), `outputs[${k}].expression`),
      ...(o.loinc === undefined ? {} : { loinc: o.loinc }),
    })) ?? spec.outputs;

  const mapped: ModelSpec = { ...spec, inputs: [...(spec.inputs ?? []), ...inputs], equations, outputs };
  return {
    spec: mapped,
    scenarioToSchedule: (scenario, context) => {
      if (scenario.meals.length > 0 || scenario.boluses.length > 0 || scenario.basal_u_per_min !== undefined) {
        throw new SbmlMappingError('scenario: an imported SBML model takes only "doses" (through the routes of its mapping file)');
      }
      return dosesToSchedule(scenario.doses, routes, context.minutesPerTimeUnit);
    },
  };
}

