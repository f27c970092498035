/**
 * Consumer lag of this process's Kafka consumer groups, as kafkajs reports it after each fetched batch
 * (`offsetLag`: the partition's high watermark minus the batch's last offset, minus one). Free to read: no admin
 * request. The in-process bus reports none (its consumers share the process with its producers).
 */
export type ConsumerLagListener = (lag: { readonly group: string; readonly topic: string; readonly partition: number; readonly messages: number }) => void;

const listeners = new Set<ConsumerLagListener>();

/** Calls `listener` after each batch of every consumer group of this process; returns the unsubscribe function. */
export function onConsumerLag(listener: ConsumerLagListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function announceConsumerLag(group: string, topic: string, partition: number, offsetLag: string): void {
  const messages = Number(offsetLag);
  if (!Number.isFinite(messages)) return;
  for (const listener of listeners) listener({ group, topic, partition, messages });
}
