/** Report times and states, appended one point at a time; capacity doubles, so appends are amortised O(1). */
export class GrowableSeries {
  private t: Float64Array;
  private y: Float64Array;
  private count = 0;

  constructor(
    private readonly n: number,
    capacity: number,
  ) {
    const cap = Math.max(1, capacity);
    this.t = new Float64Array(cap);
    this.y = new Float64Array(cap * n);
  }

  push(time: number, state: Float64Array): void {
    if (this.count === this.t.length) {
      const t = new Float64Array(this.t.length * 2);
      t.set(this.t);
      const y = new Float64Array(this.y.length * 2);
      y.set(this.y);
      this.t = t;
      this.y = y;
    }
    this.t[this.count] = time;
    const base = this.count * this.n;
    for (let i = 0; i < this.n; i++) this.y[base + i] = state[i];
    this.count++;
  }

  times(): Float64Array {
    return this.t.slice(0, this.count);
  }

  states(): Float64Array {
    return this.y.slice(0, this.count * this.n);
  }
}
