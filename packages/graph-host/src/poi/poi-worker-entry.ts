/** The PoI thread (poi-thread.ts): answers each block's job with its regions' digests, in order. */
import { parentPort } from 'node:worker_threads';
import { createDigester, type PoiJob } from './poi-thread.js';

const digest = createDigester();
parentPort!.on('message', (job: PoiJob) => {
  let answer;
  try {
    answer = digest(job);
  } catch (error) {
    answer = { digests: [], error: (error as Error).message };
  }
  parentPort!.postMessage(answer);
});
