// Escape panel (the sanitize panel's companion): output encoding for the
// five places untrusted text ends up in a page — element text, a quoted
// attribute, a URL component, a JavaScript string and a CSS string — by
// eg.escape in the browser and the module's "escape" kind on the server.
import { checker, debounce, el, sideBySide } from '/panels/ui.js';

// The server's order (demo/api_escape.go); the two lists are compared as JSON.
const contexts = ['html', 'attr', 'url', 'js', 'css'];

const sample = `</script><img src=x onerror="alert('1')"> & café 😀\u2028 ?a=b&c=d \\ }`;

const lines = (list) => list.map(({ context, output }) => `— ${context}\n${output}`).join('\n');

export default {
  id: 'escape',
  title: 'Escape text for its context',
  mount(section, { eg, server }) {
    const input = el('textarea', { id: 'escape-input', spellcheck: 'false', rows: '2' });
    input.value = sample;
    section.append(
      el('p', {}, 'Sanitizing keeps safe markup; escaping makes text inert where it is inserted (ejs ', el('code', {}, 'escapeXML'),
        ' and beyond). Each context has its own rules: what is harmless in element text can end a script string.'),
      el('label', { class: 'block', for: 'escape-input' }, 'Untrusted text'),
      input,
    );
    const check = checker(sideBySide(section), lines);
    const run = () => check(
      () => contexts.map((context) => ({ context, output: eg.escape(input.value, context) })),
      () => server('/api/escape', input.value),
    );
    input.addEventListener('input', debounce(run));
    if (eg) run();
  },
};
