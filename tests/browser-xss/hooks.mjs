// The execution detectors, installed by the driver in every document of
// the browser context (pages, case frames, frames and popups a payload
// creates) before any of its own scripts run. Each reports through the
// binding the driver exposes, which tells the driver which frame reported.

/** The name of the binding every hook reports through. */
export const reportBinding = '__egxssReport'

/**
 * Runs inside the browser (serialized by playwright; it must not refer to
 * anything outside itself). Report channels (the top page, which is the
 * harness, gets only the first two and the error listener is skipped too):
 *   hook        the rewritten proof call __xss(…)
 *   alert…      alert, confirm, prompt, print, open themselves
 *   eval, Function, setTimeout-string, setInterval-string
 *   error       an uncaught script error (only script raises ErrorEvent)
 *   csp         a would-be violation of the frame's report-only
 *               "script-src 'nonce-…'": any inline handler, javascript: URL
 *               or eval that is about to run, whatever it calls
 */
export function installHooks (binding) {
  const report = (channel, detail) => {
    try {
      globalThis[binding](channel, String(detail).slice(0, 200))
    } catch {}
  }
  const replace = (name, fn) => {
    try {
      Object.defineProperty(globalThis, name, { value: fn, writable: true, configurable: true })
    } catch {}
  }
  replace('__xss', (x) => report('hook', x))
  for (const name of ['alert', 'confirm', 'prompt', 'print']) replace(name, (x) => report(name, x))
  // Script-opened windows are reported from here, where the case is known,
  // and never opened.
  replace('open', (url) => {
    report('open', url)
    return null
  })
  // The top page is the harness: playwright itself evaluates strings there.
  // Payloads run in case frames, where everything below is watched.
  if (window === window.top) return
  // Playwright answers every binding call by evaluating this in the caller.
  const bindingReply = "arg => globalThis['__playwright__binding__controller__']"
  const realEval = globalThis.eval
  replace('eval', new Proxy(realEval, {
    apply (target, self, args) {
      if (!String(args[0]).startsWith(bindingReply)) report('eval', args[0])
      return Reflect.apply(target, self, args)
    },
  }))
  // [].constructor.constructor reaches Function through the prototype chain,
  // so the prototype's constructor is replaced too.
  const RealFunction = Function
  const fakeFunction = new Proxy(RealFunction, {
    apply (target, self, args) {
      report('Function', args.at(-1))
      return Reflect.apply(target, self, args)
    },
    construct (target, args) {
      report('Function', args.at(-1))
      return Reflect.construct(target, args)
    },
  })
  replace('Function', fakeFunction)
  try {
    Object.defineProperty(RealFunction.prototype, 'constructor', { value: fakeFunction, writable: true, configurable: true })
  } catch {}
  for (const name of ['setTimeout', 'setInterval']) {
    const real = globalThis[name]
    replace(name, function (handler, ...rest) {
      if (typeof handler !== 'function') report(`${name}-string`, handler)
      return real.call(this, handler, ...rest)
    })
  }
  addEventListener('error', (event) => {
    if (event instanceof ErrorEvent) report('error', event.message)
  }, true)
  document.addEventListener('securitypolicyviolation', (event) => {
    if (event.effectiveDirective.startsWith('script-src')) {
      report('csp', `${event.effectiveDirective}: ${event.sample || event.blockedURI}`)
    }
  })
}
