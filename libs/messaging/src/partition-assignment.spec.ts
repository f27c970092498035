import { describe, expect, it } from 'vitest';
import { announcePartitionsAssigned, onPartitionsAssigned, type PartitionAssignment } from './partition-assignment';

describe('onPartitionsAssigned', () => {
  it('should tell the listeners of a group, and only of that group, until they unsubscribe', () => {
    const seen: PartitionAssignment[] = [];
    const other: PartitionAssignment[] = [];
    const stop = onPartitionsAssigned('shuji-twin', (a) => seen.push(a));
    const stopOther = onPartitionsAssigned('shuji-ingest', (a) => other.push(a));
    announcePartitionsAssigned('shuji-twin', { 'shuji.observation.recorded.v1': [0, 2] });
    stop();
    announcePartitionsAssigned('shuji-twin', { 'shuji.observation.recorded.v1': [1] });
    stopOther();
    expect(seen).toEqual([{ 'shuji.observation.recorded.v1': [0, 2] }]);
    expect(other).toEqual([]);
  });
});
