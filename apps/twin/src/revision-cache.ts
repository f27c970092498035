/**
 * Answers computed from a twin at one revision, kept while that revision is current: a twin's forecast is a pure
 * function of (twin revision, request) — its random draws are seeded by the revision — so a repeat of the request
 * gets the same answer without integrating the ensemble again. Least recently used entries go past `capacity`.
 */
export class RevisionCache<T> {
  private readonly entries = new Map<string, { readonly revision: number; readonly value: Promise<T> }>();

  constructor(private readonly capacity = 1024) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity: a whole number ≥ 1');
  }

  /** The cached answer for `key` at `revision`, or `compute()` (a failure is not kept). */
  get(key: string, revision: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit !== undefined && hit.revision === revision) {
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    this.entries.set(key, { revision, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
