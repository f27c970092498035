import type { ModelSpec } from '@shuji/models';
import { UnsupportedSbmlError } from '../errors/sbml-error';
import { astToMathjs } from '../math/ast-to-mathjs.util';
import { buildSbmlRuntime } from '../simulate/sbml-runtime';
import type { SbmlModel } from './sbml-model';

/** Names that mean something else in mathjs expressions or in a ModelSpec (`t` is model time). */
const RESERVED = new Set(['t', 'e', 'E', 'pi', 'PI', 'i', 'and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'end', 'true', 'false', 'null', 'undefined', 'NaN', 'Infinity']);

export interface SbmlModelSpec {
  readonly spec: ModelSpec;
  /** SBML id (or `amount:<species>` for an integrated amount) → ModelSpec name. */
  readonly names: ReadonlyMap<string, string>;
}

/**
 * Translate an event-free SBML model into a ModelSpec for @shuji/models: integrated amounts and rate-rule
 * variables become states, rule-determined values and reaction rates become assignments in dependency
 * order, everything else a parameter. Initial values are evaluated (initial assignments included) at
 * `start`. Every species, compartment and non-constant parameter is an output under its own name.
 * SBML units are not translated: units are left empty.
 */
export function sbmlToModelSpec(model: SbmlModel, options: { readonly id?: string; readonly timeUnit?: string; readonly start?: number } = {}): SbmlModelSpec {
  const [firstEvent] = model.events;
  if (firstEvent) throw new UnsupportedSbmlError('event', firstEvent.id, 'a ModelSpec has no events; simulate it with simulateSbml');
  const fast = model.reactions.find((r) => r.fast);
  if (fast) throw new UnsupportedSbmlError('reaction', fast.id, 'fast reactions need simulateSbml\'s relaxation onto the slow manifold');
  const rt = buildSbmlRuntime(model);
  const v0 = rt.initialValues(options.start ?? 0);
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const nameOf = (id: string): string => {
    const known = names.get(id);
    if (known !== undefined) return known;
    let name = id.replace(/[^A-Za-z0-9_]/g, '_');
    if (RESERVED.has(name) || !/^[A-Za-z_]/.test(name)) name = `${name}_sbml`;
    while (taken.has(name)) name = `${name}_`;
    taken.add(name);
    names.set(id, name);
    return name;
  };
  const text = (node: Parameters<typeof astToMathjs>[0]): string => astToMathjs(node, nameOf);
  const initial = (id: string): number => v0[rt.slotOf(id)!];

  const { plan } = rt;
  const states = plan.states.map((s) => ({ name: nameOf(s.name), unit: '', initial: initial(s.name) }));
  const parameters = plan.constants.map((id) => ({ name: nameOf(id), unit: '', default: initial(id) }));
  const assignments = plan.derived.map((d) => ({ name: nameOf(d.name), expression: text(d.expr) }));
  const equations: Record<string, string> = {};
  for (const s of plan.states) equations[nameOf(s.name)] = text(s.derivative);
  const reported = [
    ...model.species.map((s) => s.id),
    ...model.compartments.map((c) => c.id),
    ...model.parameters.filter((p) => !p.constant).map((p) => p.id),
  ];
  const outputs = reported.map((id) => ({ name: nameOf(id), expression: nameOf(id), unit: '' }));
  const modelId = model.id ?? 'sbml-model';
  return {
    names,
    spec: {
      id: options.id ?? `sbml-${modelId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      name: model.name ?? modelId,
      version: `sbml-l${model.level}v${model.version}`,
      citations: [{ reference: `Imported from SBML Level ${model.level} Version ${model.version} model "${modelId}".` }],
      timeUnit: options.timeUnit ?? '',
      states,
      parameters,
      assignments,
      equations,
      outputs,
    },
  };
}
