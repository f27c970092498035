import { describe, expect, it } from 'vitest';
import { SHARED_DIR, sharedPath } from './shared-data';

describe(sharedPath.name, () => {
  it('should fail naming the path when the shared data is missing, not return it', () => {
    expect(() => sharedPath('no-such-dir', 'nothing.json')).toThrow(`${SHARED_DIR}/no-such-dir/nothing.json is missing`);
  });
});
