import { encodeMessage, ForecastPublishedSchema, SCHEMA_VERSION, toTimestamp } from '@shuji/contracts';
import { OBSERVATION_CODES } from '@shuji/foundation-model';
import type { OutgoingMessage } from '@shuji/messaging';
import type { PatientForecast } from './forecast.service';

// the FM's codes are LOINC with these UCUM units (tokenizer.json labels)
const UNITS: Readonly<Record<string, string>> = {
  [OBSERVATION_CODES.cgm]: 'mg/dL',
  [OBSERVATION_CODES.weight]: 'kg',
  [OBSERVATION_CODES.systolic]: 'mm[Hg]',
  [OBSERVATION_CODES.inr]: '{INR}',
};

/** ForecastPublished for a forecast; the event id is a function of (patient, model, twin revision), so it is idempotent. */
export function toForecastPublished(forecast: PatientForecast): OutgoingMessage {
  const forecastTime = toTimestamp(new Date(forecast.forecastTime));
  const value = encodeMessage(ForecastPublishedSchema, {
    header: {
      eventId: `forecast-published:${forecast.patientId}:${forecast.model}:${forecast.twinRevision}`,
      schemaVersion: SCHEMA_VERSION,
      patientId: forecast.patientId,
      effectiveTime: forecastTime,
      receivedTime: toTimestamp(new Date()),
      source: `inference:${forecast.model}`,
    },
    model: forecast.model,
    twinRevision: BigInt(forecast.twinRevision),
    forecastTime,
    entries: forecast.entries.map((e) => ({ code: e.code, horizonMin: e.horizonMin, levels: [...e.levels], values: [...e.values], unit: UNITS[e.code] ?? '' })),
  });
  return { key: forecast.patientId, value };
}
