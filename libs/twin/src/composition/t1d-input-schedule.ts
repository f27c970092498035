import type { CompiledModel } from '@shuji/models';
import type { KnownInputs } from './known-inputs';
import type { MemberAction } from './stacked-ensemble.integrator';

/** UVA/Padova meal semantics (@shuji/models' registration): C g eaten at 5 g/min. */
export const EATING_RATE_G_PER_MIN = 5;
/** pmol per unit of insulin. */
export const PMOL_PER_UNIT = 6000;

/**
 * The T1D model's inputs from the known schedule: CHO (mg/min) while a meal is eaten, insulin (pmol/kg/min) as the
 * basal rate in force plus a bolus delivered over one minute, and D, the meal amount gastric emptying uses, set to
 * the stomach content plus the meal when a meal starts. Every change is a break of the stacked integration.
 */
export class T1dInputSchedule {
  private readonly iCho: number;
  private readonly iInsulin: number;
  private readonly iD: number;
  private readonly defaults: Float64Array;

  constructor(
    private readonly model: CompiledModel,
    private readonly idx: { readonly BW: number; readonly u2ss: number; readonly Qsto1: number; readonly Qsto2: number },
  ) {
    this.iCho = model.inputIndex('CHO');
    this.iInsulin = model.inputIndex('insulin');
    this.iD = model.inputIndex('D');
    this.defaults = model.defaultInputs();
  }

  /** Index of D among the inputs. */
  get mealAmountInput(): number {
    return this.iD;
  }

  /** Inputs (CHO mg/min, insulin pmol/kg/min) in force at t from the known schedule. */
  inputsAt(inputs: KnownInputs, t: number, p: Float64Array, u: Float64Array): void {
    const BW = p[this.idx.BW];
    let cho = 0;
    for (const m of inputs.meals) if (m.tMin <= t && t < m.tMin + m.carbsG / EATING_RATE_G_PER_MIN) cho += EATING_RATE_G_PER_MIN * 1000;
    let basal = p[this.idx.u2ss];
    for (const b of inputs.basal) if (b.tMin <= t) basal = (b.unitsPerHour * PMOL_PER_UNIT) / 60 / BW;
    let bolus = 0;
    for (const b of inputs.boluses) if (b.tMin <= t && t < b.tMin + 1) bolus += (b.units * PMOL_PER_UNIT) / BW;
    u[this.iCho] = cho;
    u[this.iInsulin] = basal + bolus;
  }

  /**
   * Each member's inputs at ta (D from its own state, or from a meal starting exactly at ta) and the breaks inside
   * (ta, tb) that change them: meal start and end, bolus start and end, basal changes. `into`: the members' input
   * arrays to write them to (kept by a reusable propagation) instead of new ones.
   */
  schedule(
    members: readonly Float64Array[],
    ps: readonly Float64Array[],
    ta: number,
    tb: number,
    inputs: KnownInputs,
    memberD: number,
    into?: readonly Float64Array[],
  ): { us: Float64Array[]; breaks: Map<number, MemberAction[]> } {
    const N = this.model.stateNames.length;
    const iD = this.iD;
    const us = members.map((m, j) => {
      const kept = into?.[j];
      const u = kept ?? this.model.defaultInputs();
      if (kept !== undefined) u.set(this.defaults);
      u[iD] = m[memberD];
      this.inputsAt(inputs, ta, ps[j], u);
      // a meal starting exactly at ta sets D now
      for (const meal of inputs.meals) if (meal.tMin === ta) u[iD] = m[this.idx.Qsto1] + m[this.idx.Qsto2] + meal.carbsG * 1000;
      return u;
    });
    const breaks = new Map<number, MemberAction[]>();
    const add = (time: number, act: MemberAction): void => {
      if (time <= ta || time >= tb) return;
      const list = breaks.get(time) ?? [];
      list.push(act);
      breaks.set(time, list);
    };
    const refresh: MemberAction = (_y, j, t) => this.inputsAt(inputs, t, ps[j], us[j]);
    for (const meal of inputs.meals) {
      add(meal.tMin, (y, j, t) => {
        us[j][iD] = y[j * N + this.idx.Qsto1] + y[j * N + this.idx.Qsto2] + meal.carbsG * 1000;
        refresh(y, j, t);
      });
      add(meal.tMin + meal.carbsG / EATING_RATE_G_PER_MIN, refresh);
    }
    for (const b of inputs.boluses) {
      add(b.tMin, refresh);
      add(b.tMin + 1, refresh);
    }
    for (const b of inputs.basal) add(b.tMin, refresh);
    return { us, breaks };
  }
}
