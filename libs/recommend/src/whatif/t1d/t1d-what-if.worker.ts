/** Worker thread of the T1D what-if: runs block jobs (t1d-block-simulation.ts) and answers each block's outcomes. */
import { parentPort } from 'node:worker_threads';
import type { WhatIfWorkerReply, WhatIfWorkerRequest } from '../what-if-worker-pool';
import { runT1dBlockJob, type T1dBlockJob } from './t1d-block-simulation';

const port = parentPort;
if (port === null) throw new Error('t1d-what-if.worker must run in a worker thread');

port.on('message', ({ id, job }: WhatIfWorkerRequest) => {
  try {
    const perMember = runT1dBlockJob(job as T1dBlockJob);
    const width = perMember[0]?.length ?? 0;
    const flat = new Float64Array(perMember.length * width);
    perMember.forEach((m, j) => flat.set(m, j * width));
    const reply: WhatIfWorkerReply = { id, result: { width, flat } };
    port.postMessage(reply, [flat.buffer]);
  } catch (error) {
    const reply: WhatIfWorkerReply = { id, error: (error as Error).message };
    port.postMessage(reply);
  }
});
