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
      // data-verdict (agree, differ, or absent while a side has no
      // result) is for tests/demo, which waits for every verdict.
      if (a === null || b === null) {
        verdict.textContent = '';
        verdict.className = 'verdict';
        verdict.removeAttribute('data-verdict');
        return;
      }
      const same = a === b;
      verdict.textContent = same ? '✓ identical output in the browser and on the server' : '✗ the outputs differ';
      verdict.className = `verdict ${same ? 'ok' : 'bad'}`;
      verdict.dataset.verdict = same ? 'agree' : 'differ';
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

/**
 * An object as JSON text with one member a line, each value compact: easier
 * to read and edit than JSON.stringify(v, null, 2) for flat documents.
 */
export function members(obj, annotate = () => '') {
  const lines = Object.entries(obj).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${lines.map((line, i) => `${line}${i < lines.length - 1 ? ',' : ''}${annotate(Object.keys(obj)[i])}`).join('\n')}\n}`;
}

/** Milliseconds as a panel prints them; browsers coarsen performance.now(). */
export function millis(ms) {
  return ms < 0.1 ? '< 0.1 ms' : `${ms.toFixed(2)} ms`;
}

/**
 * A checker for one sideBySide view: check(inBrowser, atServer) runs
 * inBrowser() (the module, synchronously) and awaits atServer() (a demo API
 * reply {output?, error?, mode, micros}), shows render(value) in each
 * column (an error as its code and message), calls decorate(side, value)
 * for a column's extras, and judges the two as JSON text — an error by its
 * code, so that both sides refusing the same way agree. A reply to an older
 * check is dropped: only the latest input is shown.
 */
export function checker(view, render, decorate = () => {}) {
  let seq = 0;
  const show = (side, value, error, meta) => {
    view[side].out.textContent = error ? `error ${error.code}: ${error.message}` : render(value);
    view[side].meta.textContent = meta;
    view[side].extra.replaceChildren();
    if (!error) decorate(side, value);
    return error ? `error ${error.code}` : JSON.stringify(value);
  };
  return async (inBrowser, atServer) => {
    const mine = ++seq;
    let browserSide = null;
    const t0 = performance.now();
    try {
      const value = inBrowser();
      browserSide = show('browser', value, null, `${millis(performance.now() - t0)} in the browser`);
    } catch (err) {
      // An error without a code is no verdict (the module did not load, or
      // a bug): shown, and nothing is judged.
      show('browser', null, { code: err.code ?? err.name, message: err.message }, `${millis(performance.now() - t0)} in the browser`);
      browserSide = err.code ? `error ${err.code}` : null;
    }
    let reply;
    try {
      reply = await atServer();
    } catch (err) {
      if (mine !== seq) return;
      view.server.out.textContent = '';
      view.server.meta.textContent = `request failed: ${err.message}`;
      view.judge(null, null);
      return;
    }
    if (mine !== seq) return;
    view.server.whereEl.textContent = `Go host (${reply.mode})`;
    const serverSide = show('server', reply.output, reply.error, `${millis(reply.micros / 1000)} on the server`);
    view.judge(browserSide, serverSide);
  };
}
