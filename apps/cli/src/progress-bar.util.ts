/** A one-line progress bar for a terminal (carriage return, no newline until done); shards done of total. */
export function progressBar(write: (text: string) => void, width = 30): (done: number, total: number) => void {
  const started = Date.now();
  return (done, total) => {
    const filled = Math.round((width * done) / total);
    const elapsed = (Date.now() - started) / 1000;
    const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
    const etaText = done < total && Number.isFinite(eta) ? ` ETA ${Math.ceil(eta)} s` : '';
    write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} shards${etaText}   ${done === total ? '\n' : ''}`);
  };
}
