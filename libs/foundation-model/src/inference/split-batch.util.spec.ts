import { describe, expect, it } from 'vitest';
import { splitBatch } from './split-batch.util';

describe(splitBatch.name, () => {
  it('should split a large batch into contiguous ranges of nearly equal size that cover it once', () => {
    const sut = splitBatch(257, 2, 16);
    expect(sut).toEqual([
      { start: 0, end: 128 },
      { start: 128, end: 257 },
    ]);
  });

  it('should keep a batch whole when halves would be smaller than minPart', () => {
    expect(splitBatch(1, 2, 16)).toEqual([{ start: 0, end: 1 }]);
    expect(splitBatch(31, 2, 16)).toEqual([{ start: 0, end: 31 }]);
    expect(splitBatch(32, 2, 16)).toHaveLength(2);
  });

  it('should use fewer parts than sessions when the batch cannot fill them all', () => {
    expect(splitBatch(40, 4, 16)).toEqual([
      { start: 0, end: 20 },
      { start: 20, end: 40 },
    ]);
  });

  it('should give one empty range for an empty batch and refuse bad arguments', () => {
    expect(splitBatch(0, 2, 16)).toEqual([{ start: 0, end: 0 }]);
    expect(() => splitBatch(10, 0, 16)).toThrow(/parts/);
    expect(() => splitBatch(10, 2, 0)).toThrow(/minPart/);
    expect(() => splitBatch(-1, 2, 16)).toThrow(/n:/);
  });
});
