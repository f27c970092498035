/**
 * An arm simulated member by member (the slow components' plug-ins: body weight, blood pressure, warfarin), one
 * member a unit of work: each member's whole run is cheap (days, not 5-min steps), and each has its own stream of
 * common random numbers, so the members' order or slicing changes nothing.
 */
import type { ArmSimulation } from '../what-if-plugin';

export class MemberByMemberArm implements ArmSimulation {
  private readonly done: Float64Array[] = [];

  constructor(
    private readonly members: number,
    private readonly simulate: (j: number) => Float64Array,
  ) {}

  advance(units: number): number {
    let n = 0;
    while (n < units && this.done.length < this.members) {
      this.done.push(this.simulate(this.done.length));
      n++;
    }
    return n;
  }

  outcomes(): readonly Float64Array[] {
    return this.done;
  }
}

/** Days from one time to another (ms), for outcomes in days. */
export const daysBetween = (fromMs: number, toMs: number): number => (toMs - fromMs) / 86_400_000;
