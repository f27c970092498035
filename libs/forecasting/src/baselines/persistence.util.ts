/** Persistence: the last reading, for every horizon (the naive forecast every method must beat). */
export function persistenceForecast(lastReading: number): number {
  return lastReading;
}
