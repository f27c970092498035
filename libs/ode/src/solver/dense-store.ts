/**
 * Every accepted step's dense-output record, for `solution.at(t)`: per step its start, end, full step size,
 * which stepper made it (0 explicit, 1 Rosenbrock) and where its record lives in one growing buffer.
 */
export class DenseStore {
  buffer = new Float64Array(1024);
  count = 0;
  private used = 0;
  private meta = new Float64Array(5 * 64);

  constructor(private readonly n: number) {}

  push(tStart: number, tEnd: number, h: number, kind: 0 | 1, rec: Float64Array, length: number): void {
    if (this.used + length > this.buffer.length) {
      const next = new Float64Array(Math.max(this.buffer.length * 2, this.used + length));
      next.set(this.buffer);
      this.buffer = next;
    }
    if ((this.count + 1) * 5 > this.meta.length) {
      const next = new Float64Array(this.meta.length * 2);
      next.set(this.meta);
      this.meta = next;
    }
    this.buffer.set(rec.subarray(0, length), this.used);
    const m = this.count * 5;
    this.meta[m] = tStart;
    this.meta[m + 1] = tEnd;
    this.meta[m + 2] = h;
    this.meta[m + 3] = kind;
    this.meta[m + 4] = this.used;
    this.used += length;
    this.count++;
  }

  /** Index of the step whose [start, end] holds t (the later one at a shared boundary), or −1. */
  locate(t: number): number {
    if (this.count === 0) return -1;
    const first = this.meta[0];
    const last = this.meta[(this.count - 1) * 5 + 1];
    if (!(t >= first && t <= last)) return -1;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.meta[mid * 5] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  start(i: number): number {
    return this.meta[i * 5];
  }

  stepSize(i: number): number {
    return this.meta[i * 5 + 2];
  }

  kind(i: number): 0 | 1 {
    return this.meta[i * 5 + 3] === 0 ? 0 : 1;
  }

  offset(i: number): number {
    return this.meta[i * 5 + 4];
  }

  get dimension(): number {
    return this.n;
  }
}
