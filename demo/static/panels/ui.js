// Small DOM helpers shared by the panels. No innerHTML here: the only
// innerHTML on the page is the sanitize preview, on purpose.

/** el('div', {class: 'x'}, child, 'text', …) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

/** A labelled <select> from [value, label] pairs. */
export function select(label, options, value) {
  const s = el('select', {});
  for (const [v, text] of options) s.append(new Option(text, v, false, v === value));
  return { label: el('label', {}, `${label} `, s), input: s };
}

/**
 * Two result columns, "in your browser" and "on the server", and a verdict
 * line that says whether they agree.
 */
export function sideBySide(section) {
  const column = (title, where) => {
    const out = el('pre', { class: 'code' });
    const meta = el('p', { class: 'meta' });
    const extra = el('div', {});
    const whereEl = el('span', { class: 'where' }, where);
    return { node: el('div', { class: 'result' }, el('h3', {}, `${title} `, whereEl), out, meta, extra), out, meta, extra, whereEl };
  };
  const browser = column('In your browser', 'WebAssembly, via the npm package');
  const serverCol = column('On the server', 'Go host');
  const verdict = el('p', { class: 'verdict' });
  section.append(el('div', { class: 'columns' }, browser.node, serverCol.node), verdict);
  return {
    browser,
    server: serverCol,
    /** Compares the two outputs (strings, or null when one side failed). */
    judge(a, b) {
      if (a === null || b === null) {
        verdict.textContent = '';
        verdict.className = 'verdict';
        return;
      }
      const same = a === b;
      verdict.textContent = same ? '✓ identical output in the browser and on the server' : '✗ the outputs differ';
      verdict.className = `verdict ${same ? 'ok' : 'bad'}`;
    },
  };
}

/** Runs fn after the user pauses typing. */
export function debounce(fn, ms = 150) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
