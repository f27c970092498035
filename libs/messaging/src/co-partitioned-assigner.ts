/**
 * A Kafka partition assigner that gives partition p of every topic a group consumes to one member: co-partitioning,
 * which Kafka Streams requires of the topics it joins (Apache Kafka documentation, Kafka Streams developer guide,
 * "Joining": "co-partitioning requirements"). Shuji keys every topic by the person, with the same partition count,
 * so one member sees all of a person's events — the twin's observations, meals and doses — whatever the number of
 * members. kafkajs' round-robin assignor deals all topics' partitions out in one sequence, which keeps a partition's
 * topics on one member only when the member count divides the partition count.
 *
 * Listed before round-robin in every Shuji consumer: a group whose members do not all offer it (a rolling deploy
 * from an older build) agrees on round-robin instead.
 */
import { AssignerProtocol, type Assigner } from 'kafkajs';

export const CO_PARTITIONED_ASSIGNER = 'ShujiCoPartitioned';

/** Member → topic → partitions: partition p of each topic to the (p mod n)-th of the n members sorted by id. */
export function coPartitionedAssignment(
  memberIds: readonly string[],
  partitions: Readonly<Record<string, readonly number[]>>,
): Record<string, Record<string, number[]>> {
  const sorted = [...memberIds].sort();
  const out: Record<string, Record<string, number[]>> = {};
  if (sorted.length === 0) return out;
  for (const [topic, ids] of Object.entries(partitions)) {
    for (const p of [...ids].sort((a, b) => a - b)) {
      const member = sorted[p % sorted.length];
      ((out[member] ??= {})[topic] ??= []).push(p);
    }
  }
  return out;
}

/**
 * The kafkajs assigner (a PartitionAssigner: `partitionAssigners` of a consumer's config). Typed by what it reads of
 * the cluster, so it fits both kafkajs' type and the copy @nestjs/microservices vendors.
 */
export const CoPartitionedAssigner = ({ cluster }: { cluster: { findTopicPartitionMetadata(topic: string): { partitionId: number }[] } }): Assigner => ({
  name: CO_PARTITIONED_ASSIGNER,
  version: 0,
  assign({ members, topics }) {
    const partitions = Object.fromEntries(topics.map((t) => [t, cluster.findTopicPartitionMetadata(t).map((m) => m.partitionId)]));
    const assignment = coPartitionedAssignment(
      members.map((m) => m.memberId),
      partitions,
    );
    return Promise.resolve(
      Object.entries(assignment).map(([memberId, a]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: a, userData: Buffer.alloc(0) }),
      })),
    );
  },
  protocol({ topics }) {
    return { name: CO_PARTITIONED_ASSIGNER, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
