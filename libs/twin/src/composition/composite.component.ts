/**
 * A whole-person twin as one ensemble component: its children's member vectors stacked end to end (child k owns
 * entries [offset_k, offset_k + size_k)). Each reading goes to the one child that explains its LOINC code, and the
 * analysis of that reading updates that child's entries only (`localisationFor`): the children's models share no
 * state, so a sample covariance between one child's entries and another child's reading is sampling noise, which
 * localisation removes (Houtekamer & Mitchell, Mon Weather Rev 2001;129:123-137). Every child is advanced on its own
 * slice under the same known inputs, taking what concerns it (insulin, drug doses, activity).
 *
 * One child: the composite is that child, entry for entry and draw for draw (its id included, so snapshots stay usable).
 */
import { DEFAULT_TWIN_SETTINGS } from '../state/twin-engine';
import type { SeededRandom } from '@shuji/stats';
import type { MapFittable } from '../assimilation/t1d-map-personalisation';
import type { ParameterPriorEntry } from '../state/twin-event';
import type { KnownInputs } from './known-inputs';
import type { ObservationCode } from './observation-codes';
import type { ComponentVariable, EnsembleComponent, HierarchicalGroups } from './twin-component';

/** Separates child ids in a composite's id: the id names the layout, so a snapshot of another layout is never restored. */
export const COMPOSITE_ID_SEPARATOR = '+';

interface Slot {
  readonly child: EnsembleComponent;
  readonly offset: number;
}

export class CompositeComponent implements EnsembleComponent {
  /** The children's ids joined by COMPOSITE_ID_SEPARATOR: the layout's model version. */
  readonly id: string;
  readonly hierarchical?: HierarchicalGroups;
  readonly size: number;
  readonly localisation: Float64Array;
  readonly explains: readonly ObservationCode[];
  readonly variables: readonly ComponentVariable[];
  /**
   * Batch (MAP) personalisation fits one component's parameters over the log and redraws them by name: offered when
   * exactly one child offers it (two would each need their own fit and readings).
   */
  readonly withAllEstimated?: () => MapFittable;
  private readonly slots: readonly Slot[];
  private readonly byLoinc: ReadonlyMap<string, Slot>;
  private readonly localisationBySlot: Map<Slot, Float64Array> = new Map();

  /** The longest gap any child integrates: past it every child restarts; short of it, each child past its own restarts. */
  readonly maxGapMin: number;

  /** `defaultMaxGapMin`: the limit of a child that states none (the engine's default, 6 h). */
  constructor(
    readonly children: readonly EnsembleComponent[],
    private readonly defaultMaxGapMin: number = DEFAULT_TWIN_SETTINGS.maxGapMin,
  ) {
    if (children.length === 0) throw new RangeError('children: a composite needs at least one component');
    let offset = 0;
    this.slots = children.map((child) => {
      const slot = { child, offset };
      offset += child.size;
      return slot;
    });
    this.size = offset;
    const ids = children.map((c) => c.id);
    if (new Set(ids).size !== ids.length) throw new RangeError(`children: component ${ids.find((id, i) => ids.indexOf(id) !== i)} appears twice`);
    this.id = ids.join(COMPOSITE_ID_SEPARATOR);
    const byLoinc = new Map<string, Slot>();
    for (const slot of this.slots) {
      for (const code of slot.child.explains) {
        const other = byLoinc.get(code.loinc);
        if (other !== undefined) throw new RangeError(`children: LOINC ${code.loinc} is explained by both ${other.child.id} and ${slot.child.id}`);
        byLoinc.set(code.loinc, slot);
      }
    }
    this.byLoinc = byLoinc;
    this.explains = children.flatMap((c) => c.explains);
    this.variables = this.slots.flatMap(({ child, offset: o }) => child.variables.map((v) => ({ ...v, index: v.index + o })));
    this.localisation = new Float64Array(this.size);
    for (const { child, offset: o } of this.slots) this.localisation.set(child.localisation, o);
    this.hierarchical = this.unionOfHierarchical();
    this.maxGapMin = Math.max(...children.map((c) => c.maxGapMin ?? defaultMaxGapMin));
    const fittable = children.filter((c) => c.withAllEstimated !== undefined);
    if (fittable.length === 1) this.withAllEstimated = () => fittable[0].withAllEstimated!();
  }

  initialEnsemble(rng: SeededRandom, n: number): Float64Array[] {
    return this.assemble(this.slots.map(({ child }) => child.initialEnsemble(rng, n)), n);
  }

  propagate(members: readonly Float64Array[], ta: number, tb: number, inputs: KnownInputs, rng: SeededRandom | null): void {
    for (const slot of this.slots) {
      const views = this.slices(members, slot);
      if (rng !== null && tb - ta > (slot.child.maxGapMin ?? this.defaultMaxGapMin)) {
        // this child restarts (a T1D state after days without data) while a slower one integrates the same gap
        const fresh = slot.child.restart(views, rng);
        views.forEach((v, j) => v.set(fresh[j]));
      } else slot.child.propagate(views, ta, tb, inputs, rng);
    }
  }

  observe(member: Float64Array, loinc: string): number | null {
    const slot = this.byLoinc.get(loinc);
    return slot === undefined ? null : slot.child.observe(this.slice(member, slot), loinc);
  }

  observationVariance(loinc: string, value: number): number {
    return this.slotOf(loinc).child.observationVariance(loinc, value);
  }

  isPlausibleReading(loinc: string, value: number): boolean {
    const slot = this.byLoinc.get(loinc);
    return slot !== undefined && slot.child.isPlausibleReading(loinc, value);
  }

  project(member: Float64Array): void {
    for (const slot of this.slots) slot.child.project(this.slice(member, slot));
  }

  restart(members: readonly Float64Array[], rng: SeededRandom): Float64Array[] {
    return this.assemble(
      this.slots.map((slot) => slot.child.restart(this.slices(members, slot), rng)),
      members.length,
    );
  }

  /** Every child redraws the entries of `prior` it knows by name (a name two children share is redrawn in both). */
  redrawParameters(members: readonly Float64Array[], prior: readonly ParameterPriorEntry[], rng: SeededRandom, correlation?: readonly number[]): string[] {
    const names = this.slots.flatMap((slot) => slot.child.redrawParameters(this.slices(members, slot), prior, rng, correlation));
    return [...new Set(names)];
  }

  conditionOnFinding(members: readonly Float64Array[], gene: string, result: string, rng: SeededRandom): boolean {
    let used = false;
    for (const slot of this.slots) {
      if (slot.child.conditionOnFinding?.(this.slices(members, slot), gene, result, rng) === true) used = true;
    }
    return used;
  }

  partFor(loinc: string): { readonly component: EnsembleComponent; readonly offset: number } | undefined {
    const slot = this.byLoinc.get(loinc);
    return slot === undefined ? undefined : { component: slot.child, offset: slot.offset };
  }

  /** The explaining child's weights on its own entries, 0 on every other child's (they are left exactly as they are). */
  localisationFor(loinc: string): Float64Array {
    const slot = this.slotOf(loinc);
    let weights = this.localisationBySlot.get(slot);
    if (weights === undefined) {
      weights = new Float64Array(this.size);
      weights.set(slot.child.localisationFor?.(loinc) ?? slot.child.localisation, slot.offset);
      this.localisationBySlot.set(slot, weights);
    }
    return weights;
  }

  /** The explaining child's hierarchical entries, offset; other children's gains are zero for this reading anyway. */
  hierarchicalFor(loinc: string): HierarchicalGroups | undefined {
    const slot = this.slotOf(loinc);
    const own = slot.child.hierarchicalFor?.(loinc) ?? slot.child.hierarchical;
    return own === undefined ? undefined : { groups: own.groups, variables: own.variables.map((i) => i + slot.offset) };
  }

  private slotOf(loinc: string): Slot {
    const slot = this.byLoinc.get(loinc);
    if (slot === undefined) throw new RangeError(`composite ${this.id} does not explain LOINC ${loinc}`);
    return slot;
  }

  private slice(member: Float64Array, { child, offset }: Slot): Float64Array {
    return member.subarray(offset, offset + child.size);
  }

  /** Views (not copies): what a child writes into its slice is written into the members. */
  private slices(members: readonly Float64Array[], slot: Slot): Float64Array[] {
    return members.map((m) => this.slice(m, slot));
  }

  /** Members from each child's part, copied into fresh vectors (a child's own arrays may be views or its own). */
  private assemble(parts: readonly (readonly Float64Array[])[], n: number): Float64Array[] {
    return Array.from({ length: n }, (_, j) => {
      const member = new Float64Array(this.size);
      this.slots.forEach((slot, k) => member.set(parts[k][j], slot.offset));
      return member;
    });
  }

  /** All children's hierarchical entries when they agree on the group count (the engine's fixed option); else none. */
  private unionOfHierarchical(): HierarchicalGroups | undefined {
    const wanted = this.slots.filter((s) => s.child.hierarchical !== undefined);
    if (wanted.length === 0) return undefined;
    const groups = wanted[0].child.hierarchical!.groups;
    if (wanted.some((s) => s.child.hierarchical!.groups !== groups)) return undefined;
    return { groups, variables: wanted.flatMap((s) => s.child.hierarchical!.variables.map((i) => i + s.offset)) };
  }
}
