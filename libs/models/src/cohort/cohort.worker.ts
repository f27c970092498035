/** Worker thread of the cohort runner: receives settings once, then batches of tasks; returns results. */
import { parentPort, workerData } from 'node:worker_threads';
import { runCohortTask, type CohortSettings, type CohortTask } from './cohort-job';

const settings = workerData as CohortSettings;
const port = parentPort;
if (port === null) throw new Error('cohort.worker must run in a worker thread');

port.on('message', (batch: readonly CohortTask[]) => {
  try {
    const results = batch.map((task) => runCohortTask(settings, task));
    port.postMessage(
      { results },
      results.map((r) => r.outputs.buffer as ArrayBuffer),
    );
  } catch (error) {
    port.postMessage({ error: (error as Error).message });
  }
});
