// Runs hit-ratio experiments off the main thread: one runCacheWorkload call (a whole seeded
// workload inside WebAssembly) per (policy, capacity) point, posting each point as it is done.
import type { WorkloadOptions } from 'sdlab-wasm';
import { loadSdlab } from '../../lab/sdlab';

export interface ExperimentRequest {
  policies: WorkloadOptions['policy'][];
  capacities: number[];
  workload: Omit<WorkloadOptions, 'policy' | 'capacity'>;
}

export type ExperimentMessage =
  | { type: 'point'; policy: string; capacity: number; hitRatio: number; done: number; total: number }
  | { type: 'done' }
  | { type: 'error'; message: string };

self.onmessage = async (event: MessageEvent<ExperimentRequest>) => {
  const post = (message: ExperimentMessage) => self.postMessage(message);
  try {
    const sdlab = await loadSdlab();
    const { policies, capacities, workload } = event.data;
    const total = policies.length * capacities.length;
    let done = 0;
    for (const capacity of capacities) {
      for (const policy of policies) {
        const stats = sdlab.runCacheWorkload({ ...workload, policy, capacity });
        post({ type: 'point', policy, capacity, hitRatio: stats.hitRatio, done: ++done, total });
      }
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
