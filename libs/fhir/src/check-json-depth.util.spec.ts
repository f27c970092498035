import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth } from './check-json-depth.util';

/** `{"extension":[…{"url":"leaf"}…]}` nested `depth` times, as text (JSON.stringify itself would overflow). */
function nestedJson(depth: number): string {
  return `${'{"extension":['.repeat(depth)}{"url":"leaf"}${']}'.repeat(depth)}`;
}

describe(exceedsJsonDepth.name, () => {
  it('should find an extension nested 20,000 deep without overflowing the stack', () => {
    expect(exceedsJsonDepth(JSON.parse(nestedJson(20_000)))).toBe(true);
    expect(exceedsJsonDepth(JSON.parse(nestedJson(20)))).toBe(false);
  });

  it('should accept a value exactly at the bound and refuse one level more', () => {
    expect(exceedsJsonDepth([[[1]]], 3)).toBe(false);
    expect(exceedsJsonDepth([[[[1]]]], 3)).toBe(true);
    expect(exceedsJsonDepth('text', 0)).toBe(false);
  });
});
