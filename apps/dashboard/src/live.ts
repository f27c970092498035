/**
 * Live updates of a twin over Server-Sent Events, read with fetch (EventSource cannot send the bearer token), with
 * reconnect: 1 s after a drop, doubling to 30 s while the platform stays away; a refusal ends it.
 */
import { session } from './api';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'refused';

export function followTwin(patientId: string, onRevision: (revision: number) => void, onState: (s: LiveState) => void): () => void {
  const stop = new AbortController();
  let delay = 1000;
  const run = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      try {
        const res = await fetch(`/v1/twins/${encodeURIComponent(patientId)}/events`, {
          headers: { authorization: `Bearer ${session.token ?? ''}`, accept: 'text/event-stream' },
          signal: stop.signal,
        });
        if (res.status === 401 || res.status === 403 || res.status === 404) {
          onState('refused'); // asking again cannot help
          return;
        }
        if (!res.ok || res.body === null) throw new Error(`events: ${res.status}`);
        onState('live');
        delay = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const type = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (type === 'twin-updated' && data !== undefined) onRevision((JSON.parse(data) as { revision: number }).revision);
          }
        }
      } catch {
        if (stop.signal.aborted) return;
      }
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(30_000, delay * 2);
    }
  };
  onState('connecting');
  void run();
  return () => stop.abort();
}
