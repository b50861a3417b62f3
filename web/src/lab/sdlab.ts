// Loads the WebAssembly module once per page (or worker) and shares it.
//
// Loading fails with a message that says why, never silently: a failed fetch rejects, an abort
// during start-up rejects, and a Content-Security-Policy that forbids what the module needs
// (compiling WebAssembly needs 'wasm-unsafe-eval'; the normal build's embind makes its call stubs
// with `new Function`, which needs 'unsafe-eval') rejects naming the directive, instead of leaving
// the page on "Loading…" for ever.
import createSdlab, { type SdlabModule } from 'sdlab-wasm';

let loading: Promise<SdlabModule> | undefined;

/** What this build needs of a page's script-src: the strict-CSP build (`vite build --mode
 *  strict-csp`) runs a module that never evaluates strings. */
export const scriptSrc = `script-src 'self' 'wasm-unsafe-eval'${import.meta.env.MODE === 'strict-csp' ? '' : " 'unsafe-eval'"}`;

/** The message for a CSP violation that stops the module from starting. */
export function policyMessage(directive: string, blocked: string): string {
  return `This page's Content-Security-Policy (${directive}) blocked ${blocked || 'code the module needs'}. ` +
    `sdlab needs ${scriptSrc} (see the README, "Hosting").`;
}

export function loadSdlab(): Promise<SdlabModule> {
  loading ??= new Promise<SdlabModule>((resolve, reject) => {
    const onViolation = (event: SecurityPolicyViolationEvent) => {
      if (event.blockedURI === 'eval' || event.blockedURI === 'wasm-eval' || event.effectiveDirective.startsWith('script-src')) {
        fail(new Error(policyMessage(event.effectiveDirective, event.blockedURI)));
      }
    };
    const stopListening = () => globalThis.removeEventListener?.('securitypolicyviolation', onViolation as EventListener);
    const fail = (error: unknown) => {
      stopListening();
      // A refused eval can reject before the violation event arrives: the same message then.
      const refused = /Content Security Policy|not an allowed source of script/.test(String(error));
      reject(refused ? new Error(policyMessage('script-src', /WebAssembly/.test(String(error)) ? 'wasm-eval' : 'eval')) : error);
    };
    globalThis.addEventListener?.('securitypolicyviolation', onViolation as EventListener);
    try {
      createSdlab({ onAbort: (what: unknown) => fail(new Error(`the module stopped while starting: ${String(what)}`)) })
        .then((sdlab) => {
          stopListening();
          resolve(sdlab);
        }, fail);
    } catch (error) {
      fail(error);
    }
  });
  return loading;
}
