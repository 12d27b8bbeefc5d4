// The script of a case frame: __exercise(html) inserts html with innerHTML,
// reads it back, inserts that a second time, and fires at every element the
// events that make markup run script. It runs in the frame's own realm, so
// that handlers, and the errors they raise, are the frame's.

// Fired at every element, plus the event of each on* attribute it has.
const eventTypes = [
  'focus', 'focusin', 'blur', 'focusout',
  'mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'dblclick', 'auxclick', 'contextmenu',
  'mouseout', 'mouseleave', 'pointerover', 'pointerenter', 'pointerdown', 'pointermove', 'pointerup', 'pointerout',
  'pointerleave', 'wheel', 'toggle', 'beforetoggle', 'animationstart', 'animationiteration', 'animationend',
  'animationcancel', 'transitionrun', 'transitionstart', 'transitionend', 'transitioncancel', 'load', 'error',
  'input', 'change', 'submit', 'scroll', 'keydown', 'keyup', 'keypress', 'copy', 'paste', 'dragstart', 'drop',
  'play', 'ended', 'begin', 'end',
]

guardNavigation(window, document)

/**
 * Runs one case: html goes in with innerHTML, and Chromium's serialization
 * of it goes in again with innerHTML, with createContextualFragment (which,
 * like jQuery's .html(), makes script elements executable) and with
 * setHTMLUnsafe (which builds declarative shadow roots).
 * @param {string} html
 * @returns {{back: string, stable: boolean}} Chromium's innerHTML after the
 *   first insertion, and whether the second serialized the same
 */
window.__exercise = (html) => {
  const [first, second, third, fourth] = ['first', 'second', 'third', 'fourth'].map((id) => document.getElementById(id))
  first.innerHTML = html
  const back = first.innerHTML
  second.innerHTML = back
  third.replaceChildren(document.createRange().createContextualFragment(back))
  if (fourth.setHTMLUnsafe) fourth.setHTMLUnsafe(back)
  else fourth.innerHTML = back
  for (const root of [first, second, third, fourth]) {
    fireAll(window, root)
    for (const host of root.querySelectorAll('*')) {
      if (host.shadowRoot) fireAll(window, host.shadowRoot)
    }
  }
  return { back, stable: second.innerHTML === back }
}

// Links and forms that lead anywhere but a javascript: URL are not followed,
// so the frame stays in place for the rest of its events; javascript: URLs
// are left alone, because following them is how they run. The browser's own
// URL parser decides which is which.
function guardNavigation (win, doc) {
  const scheme = (url) => {
    try {
      return new win.URL(url ?? '', doc.baseURI).protocol
    } catch {
      return 'invalid:'
    }
  }
  win.addEventListener('click', (event) => {
    const link = event.target.closest?.('a, area')
    if (!link) return
    const href = link.getAttribute('href') ?? link.getAttributeNS('http://www.w3.org/1999/xlink', 'href')
    if (href !== null && scheme(href) !== 'javascript:') event.preventDefault()
  }, true)
  win.addEventListener('submit', (event) => {
    const submitter = event.submitter
    const action = submitter?.hasAttribute('formaction') ? submitter.getAttribute('formaction') : event.target.getAttribute('action')
    if (scheme(action) !== 'javascript:') event.preventDefault()
  }, true)
}

function fireAll (win, root) {
  for (const el of root.querySelectorAll('*')) {
    if (el.localName === 'details') el.open = !el.open
    if (el.hasAttribute('popover')) {
      try { el.showPopover() } catch {}
    }
    try { el.focus() } catch {}
    const types = new Set(eventTypes)
    for (const name of el.getAttributeNames()) {
      if (name.startsWith('on')) types.add(name.slice(2))
    }
    for (const type of types) {
      const event = type === 'click' ? new win.MouseEvent(type, { bubbles: true, cancelable: true }) : new win.Event(type, { bubbles: true, cancelable: true })
      try {
        el.dispatchEvent(event)
      } catch {}
    }
  }
}

