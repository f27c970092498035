/**
 * ISO 8601 durations as the API takes them (`horizon=P90D`, a what-if's `"P14D"`, `"PT36H"`): weeks, days, hours and
 * minutes only. Years and months have no fixed length, so they are not taken (ISO 8601-1:2019 §5.5.2.4).
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** The duration in minutes, or undefined when the text is not a duration of weeks, days, hours and minutes. */
export function isoDurationMinutes(text: unknown): number | undefined {
  if (typeof text !== 'string' || text === 'P' || text.endsWith('T')) return undefined;
  const match = DURATION.exec(text);
  if (match === null) return undefined;
  const [w, d, h, m] = match.slice(1).map((x) => Number(x ?? 0));
  return ((w * 7 + d) * 24 + h) * 60 + m;
}

/** Whether the duration names hours or minutes (`PT36H`, `P1DT12H`): a fine time grid rather than whole days. */
export function isoDurationHasTime(text: string): boolean {
  return text.includes('T');
}
