// The Trusted Types page's script: the page enforces
// "require-trusted-types-for 'script'; trusted-types edgeguard", so a string
// assigned to innerHTML is refused, and only a policy named edgeguard may be
// created. __check() reports what edgeguard's sanitizer does there.

import { load } from '/edgeguard.mjs'

const eg = await load()

const codeOf = (fn) => {
  try {
    fn()
    return 'no error'
  } catch (err) {
    return err.code ?? err.name
  }
}

window.__check = (html) => {
  const s = eg.sanitizer('ugc', { trustedTypes: 'edgeguard' })
  const out = s.sanitize(html)
  const target = document.createElement('div')
  target.innerHTML = out
  return {
    isTrustedHTML: out instanceof TrustedHTML && trustedTypes.isHTML(out),
    text: String(out),
    inserted: target.innerHTML,
    fromBytes: String(s.sanitize(new TextEncoder().encode(html))),
    plainString: codeOf(() => { target.innerHTML = '<b>x</b>' }),
    duplicate: codeOf(() => eg.sanitizer('ugc', { trustedTypes: 'edgeguard' })),
    otherName: codeOf(() => eg.sanitizer('ugc', { trustedTypes: 'other' })),
  }
}

window.__ready = true
