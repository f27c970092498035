/**
 * The partition key of every event is the patient id, so one person's events stay in order
 * (Kafka orders per partition; equal keys map to the same partition).
 * A message not yet tied to a patient (e.g. a raw batch) is keyed by its request id.
 */
export function partitionKeyFor(patientId: string | undefined, fallbackId: string): string {
  const key = patientId?.trim();
  if (key) return key;
  if (!fallbackId) throw new Error('partition key: neither patientId nor fallbackId given');
  return fallbackId;
}
