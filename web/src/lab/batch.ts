// Batch experiments off the main thread: runBatch('bloomExperiment', options) starts a worker that
// makes that one call into WebAssembly, so a run of a million items never freezes the page.
import type { SdlabModule } from 'sdlab-wasm';

/** The module's batch entry points worth a worker: each runs a whole workload in one call. */
export type BatchName = 'bloomExperiment' | 'usernameCheck' | 'countMinExperiment' | 'ringLoadSpread';
export type BatchOptions<N extends BatchName> = Parameters<SdlabModule[N]>[0];
export type BatchResult<N extends BatchName> = ReturnType<SdlabModule[N]>;

export interface BatchRequest {
  name: BatchName;
  options: unknown;
}
export type BatchReply = { ok: true; result: unknown } | { ok: false; error: string };

export interface BatchRun<T> {
  /** Rejects with the module's Error message; never settles once cancelled. */
  result: Promise<T>;
  cancel(): void;
}

export function runBatch<N extends BatchName>(name: N, options: BatchOptions<N>): BatchRun<BatchResult<N>> {
  const worker = new Worker(new URL('./batch.worker.ts', import.meta.url), { type: 'module' });
  const result = new Promise<BatchResult<N>>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<BatchReply>) => {
      worker.terminate();
      if (data.ok) resolve(data.result as BatchResult<N>);
      else reject(new Error(data.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the experiment worker failed'));
    };
  });
  worker.postMessage({ name, options } satisfies BatchRequest);
  return { result, cancel: () => worker.terminate() };
}
