/**
 * One time policy for every route (FHIR and device): an observation's effective time may be at most
 * MAX_CLOCK_SKEW_MS after the request arrived (a device clock running fast), and not before EARLIEST_EFFECTIVE_TIME.
 * A reading dated months ahead would otherwise be taken as the person's present: the twin would integrate up to it
 * and refuse every real reading after it as too late.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** No health record of a living person is older (the oldest living people were born after 1900). */
export const EARLIEST_EFFECTIVE_TIME = '1900-01-01T00:00:00.000Z';
const EARLIEST_MS = Date.parse(EARLIEST_EFFECTIVE_TIME);

/** Why an effective time (a UTC ISO instant) is refused for a request received at `receivedAt`, or undefined. */
export function timePolicyError(iso: string, receivedAt: Date): string | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return `${iso} is not an instant`;
  if (ms < EARLIEST_MS) return `${iso} is before ${EARLIEST_EFFECTIVE_TIME.slice(0, 10)}, the earliest time accepted`;
  const latest = receivedAt.getTime() + MAX_CLOCK_SKEW_MS;
  if (ms > latest) return `${iso} is in the future: at most ${MAX_CLOCK_SKEW_MS / 60_000} min after the time of receipt (${new Date(latest).toISOString()}) is accepted`;
  return undefined;
}
