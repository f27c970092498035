import { encodeMessage, ForecastPublishedSchema, SCHEMA_VERSION, toTimestamp } from '@shuji/contracts';
import type { OutgoingMessage } from '@shuji/messaging';
import type { PatientForecast } from './forecast.service';

// the FM's codes are LOINC with these UCUM units (tokenizer.json labels)
const UNITS: Readonly<Record<string, string>> = { '99504-3': 'mg/dL', '29463-7': 'kg', '8480-6': 'mm[Hg]', '6301-6': '{INR}' };

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
