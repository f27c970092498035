/**
 * Partition (re)assignments of this process's Kafka consumer groups. After a rebalance a member may own other
 * partitions than before, and keys it held state for may have moved to another member and back meanwhile: state
 * kept in memory per key (e.g. the twin's live engines) must then be dropped and rebuilt from its stores.
 * ShujiKafkaServer announces every completed group join; the in-process bus never rebalances.
 */
export type PartitionAssignment = Readonly<Record<string, readonly number[]>>;
export type AssignmentListener = (assignment: PartitionAssignment) => void;

const listeners = new Map<string, Set<AssignmentListener>>();

/** Calls `listener` after each group join of `groupId` in this process; returns the unsubscribe function. */
export function onPartitionsAssigned(groupId: string, listener: AssignmentListener): () => void {
  const set = listeners.get(groupId) ?? new Set<AssignmentListener>();
  set.add(listener);
  listeners.set(groupId, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(groupId);
  };
}

export function announcePartitionsAssigned(groupId: string, assignment: PartitionAssignment): void {
  for (const listener of listeners.get(groupId) ?? []) listener(assignment);
}
