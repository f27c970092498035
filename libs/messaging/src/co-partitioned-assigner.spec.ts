import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { coPartitionedAssignment, CoPartitionedAssigner, CO_PARTITIONED_ASSIGNER } from './co-partitioned-assigner';

const TOPICS = ['observations', 'meals', 'doses'];
const EIGHT = [0, 1, 2, 3, 4, 5, 6, 7];

describe(coPartitionedAssignment.name, () => {
  it.each([1, 2, 3, 5, 8, 9])('should give every topic\'s partition p to one member, each once, with %i members', (n) => {
    const members = Array.from({ length: n }, (_, i) => `member-${String.fromCharCode(97 + ((i * 7) % 26))}${i}`);
    const sut = coPartitionedAssignment(members, Object.fromEntries(TOPICS.map((t) => [t, EIGHT])));
    for (const topic of TOPICS) {
      // each partition exactly once
      expect(Object.values(sut).flatMap((a) => a[topic] ?? []).sort((a, b) => a - b)).toEqual(EIGHT);
    }
    for (const a of Object.values(sut)) {
      // the same partitions of every topic
      expect(a.meals).toEqual(a.observations);
      expect(a.doses).toEqual(a.observations);
    }
    // balanced: 8 partitions over n members differ by at most one per member
    const counts = Object.values(sut).map((a) => a.observations.length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(Object.keys(sut)).toHaveLength(Math.min(n, 8));
  });

  it('should not depend on the order the members arrive in', () => {
    const partitions = { observations: EIGHT };
    expect(coPartitionedAssignment(['b', 'c', 'a'], partitions)).toEqual(coPartitionedAssignment(['c', 'a', 'b'], partitions));
    expect(coPartitionedAssignment([], partitions)).toEqual({});
  });
});

describe('CoPartitionedAssigner', () => {
  it('should encode the assignment and its protocol as kafkajs expects', async () => {
    const sut = CoPartitionedAssigner({ cluster: { findTopicPartitionMetadata: () => EIGHT.map((partitionId) => ({ partitionId })) } });
    const members = ['m2', 'm0', 'm1'].map((memberId) => ({ memberId, memberMetadata: sut.protocol({ topics: TOPICS }).metadata }));
    const out = await sut.assign({ members, topics: TOPICS });
    const decoded = Object.fromEntries(out.map((o) => [o.memberId, AssignerProtocol.MemberAssignment.decode(o.memberAssignment)?.assignment]));
    expect(decoded.m0).toEqual({ observations: [0, 3, 6], meals: [0, 3, 6], doses: [0, 3, 6] });
    expect(decoded.m2).toEqual({ observations: [2, 5], meals: [2, 5], doses: [2, 5] });
    expect(sut.protocol({ topics: TOPICS }).name).toBe(CO_PARTITIONED_ASSIGNER);
    expect(AssignerProtocol.MemberMetadata.decode(members[0].memberMetadata)?.topics).toEqual(TOPICS);
  });
});
