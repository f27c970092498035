import { encodeMessage, SCHEMA_VERSION, toTimestamp, TwinUpdatedSchema, TwinVariableKind } from '@shuji/contracts';
import type { OutgoingMessage } from '@shuji/messaging';
import { summariseTwin, type TwinUpdate, type VariableSummary } from '@shuji/twin';

const variable = (kind: TwinVariableKind) => (v: VariableSummary) => ({ name: v.name, unit: v.unit, mean: v.mean, sd: v.sd, p05: v.p05, p95: v.p95, kind });

/**
 * TwinUpdated for a revision: components, state and parameters as mean, SD and 5–95 % quantiles, data coverage and
 * the twin's time; idempotent by (patient, revision). Runs once per assimilated event, so coverage is read from
 * the engine in epoch milliseconds rather than through the summary's ISO strings.
 */
export function toTwinUpdated(update: TwinUpdate): OutgoingMessage {
  const { engine } = update;
  const summary = summariseTwin(engine);
  const twinTime = toTimestamp(new Date(engine.currentTimeMs));
  const value = encodeMessage(TwinUpdatedSchema, {
    header: {
      eventId: `twin-updated:${update.patientId}:${update.revision}`,
      schemaVersion: SCHEMA_VERSION,
      patientId: update.patientId,
      effectiveTime: twinTime,
      receivedTime: toTimestamp(new Date()),
      source: 'twin',
    },
    modelId: engine.component.id,
    revision: BigInt(update.revision),
    state: [...summary.state.map(variable(TwinVariableKind.STATE)), ...summary.parameters.map(variable(TwinVariableKind.PARAMETER))],
    causedByEventIds: [update.eventId],
    componentIds: summary.components.map((c) => c.id),
    dataCoverage: [...engine.dataCoverage].map(([loinc, c]) => ({
      loinc,
      count: BigInt(c.count),
      first: toTimestamp(new Date(c.firstMs)),
      last: toTimestamp(new Date(c.lastMs)),
    })),
    twinTime,
  });
  return { key: update.patientId, value };
}
