// Loads the WebAssembly module once per page (or worker) and shares it.
import createSdlab, { type SdlabModule } from 'sdlab-wasm';

let loading: Promise<SdlabModule> | undefined;

export function loadSdlab(): Promise<SdlabModule> {
  loading ??= createSdlab();
  return loading;
}
