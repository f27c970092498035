import { encodeMessage, SCHEMA_VERSION, toTimestamp, TwinUpdatedSchema } from '@shuji/contracts';
import type { OutgoingMessage } from '@shuji/messaging';
import { summariseTwin, type TwinUpdate } from '@shuji/twin';

/** TwinUpdated for a revision: state and parameters as mean ± SD; idempotent by (patient, revision). */
export function toTwinUpdated(update: TwinUpdate): OutgoingMessage {
  const summary = summariseTwin(update.engine);
  const value = encodeMessage(TwinUpdatedSchema, {
    header: {
      eventId: `twin-updated:${update.patientId}:${update.revision}`,
      schemaVersion: SCHEMA_VERSION,
      patientId: update.patientId,
      effectiveTime: toTimestamp(new Date(update.engine.currentTimeMs)),
      receivedTime: toTimestamp(new Date()),
      source: 'twin',
    },
    modelId: update.engine.component.id,
    revision: BigInt(update.revision),
    state: [...summary.state, ...summary.parameters].map((v) => ({ name: v.name, mean: v.mean, sd: v.sd, unit: v.unit })),
    causedByEventIds: [update.eventId],
  });
  return { key: update.patientId, value };
}
