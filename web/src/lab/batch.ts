// Batch experiments off the main thread: runBatch('bloomExperiment', options) starts a worker that
// makes that one call into WebAssembly, so a run of a million items never freezes the page.
import type { SdlabModule } from 'sdlab-wasm';
import batchWorkerUrl from './batch.worker.ts?worker&url';

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

/** Starts the module worker built from `url` (a `?worker&url` import). A page whose origin is
 *  opaque (inside <iframe sandbox="allow-scripts">) may not start a worker from its server's URL,
 *  nor (in Chromium) from a blob: URL, so there the worker is a data: URL whose one line imports
 *  the absolute URL, fetched with CORS: the server must send Access-Control-Allow-Origin, and a
 *  Content-Security-Policy must allow worker-src data:. */
export function startWorker(url: string): Worker {
  const href = new URL(url, import.meta.url).href;
  const opaque = globalThis.origin === 'null';
  const source = opaque ? `data:text/javascript,${encodeURIComponent(`import ${JSON.stringify(href)};`)}` : href;
  return new Worker(source, { type: 'module' });
}

export function runBatch<N extends BatchName>(name: N, options: BatchOptions<N>): BatchRun<BatchResult<N>> {
  const worker = startWorker(batchWorkerUrl);
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
