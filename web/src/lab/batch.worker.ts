// Runs one batch entry point of the module (a whole experiment inside WebAssembly) off the main
// thread and posts back its result or its error message. See batch.ts.
import type { BatchReply, BatchRequest } from './batch';
import { loadSdlab } from './sdlab';

self.onmessage = async (event: MessageEvent<BatchRequest>) => {
  let reply: BatchReply;
  try {
    const sdlab = await loadSdlab();
    const run = sdlab[event.data.name] as (options: unknown) => unknown;
    reply = { ok: true, result: run(event.data.options) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
