// Validate panel: a sign-up form checked with one express-validator schema
// in the browser (the module) and again on the server (the Go host), which
// owns the schema and enforces it whatever the browser did.
import { debounce, el, sideBySide } from '/panels/ui.js';

// The form's fields: [name, label, initial value, input type]. Tags are typed
// comma-separated and sent as an array (the schema checks `tags.*`).
const fields = [
  ['email', 'E-mail', ' Ada.Lovelace@Example.com ', 'text'],
  ['password', 'Password', 'analytical', 'password'],
  ['age', 'Age', '17.5', 'text'],
  ['website', 'Website', 'javascript:alert(1)', 'text'],
  ['tags', 'Tags (comma-separated)', 'Maths, engines, poetical science', 'text'],
];

// Fields the server never sends back (it would store a hash): left out of the
// browser's data too, so that both sides show the same thing.
const secretFields = ['password'];

/** The request body the form posts: tags split into an array, blanks left out. */
function formBody(inputs) {
  const body = {};
  for (const [name, input] of Object.entries(inputs)) {
    const v = input.value;
    if (name === 'tags') {
      if (v.trim() !== '') body.tags = v.split(',');
    } else {
      body[name] = v;
    }
  }
  return body;
}

/** One line per error, then the sanitized data (matchedData). */
function describe({ errors, data }) {
  const lines = errors.map((e) => `✗ ${e.path}: ${e.msg}  [${e.code}] value=${JSON.stringify(e.value)}`);
  if (!errors.length) lines.push('✓ no errors');
  lines.push('', `data: ${JSON.stringify(data)}`);
  return lines.join('\n');
}

function withoutSecrets(result) {
  const data = { ...result.data };
  for (const f of secretFields) delete data[f];
  return { errors: result.errors, data };
}

export default {
  id: 'validate',
  title: 'Validate a form',
  async mount(section, { eg, server }) {
    const inputs = {};
    // A real form (so that the password field is in one), never submitted:
    // every change is validated in place.
    const form = el('form', { novalidate: '' });
    form.addEventListener('submit', (event) => event.preventDefault());
    for (const [name, label, value, type] of fields) {
      const input = el('input', { id: `validate-${name}`, name, type, size: '40', autocomplete: 'off', spellcheck: 'false' });
      input.value = value;
      inputs[name] = input;
      form.append(el('label', { class: 'block', for: input.id }, label), input);
    }
    const schemaView = el('pre', { class: 'code', id: 'validate-schema' });
    section.append(
      el('p', {}, 'One express-validator ', el('code', {}, 'checkSchema'), ' document (right, served by the server that enforces it) checks the form as you type: ',
        'in your browser by the module, and again on the server. Passwords are redacted in errors and never echoed back.'),
      el('div', { class: 'columns' }, form, el('div', {}, el('label', { class: 'block' }, 'Schema'), schemaView)),
    );
    const view = sideBySide(section);

    let schema;
    try {
      const res = await fetch('/api/validate/schema');
      schema = await res.json();
      // One field a line: the schema is read field by field.
      schemaView.textContent = `{\n${Object.entries(schema).map(([f, rules]) => ` ${JSON.stringify(f)}: ${JSON.stringify(rules)}`).join(',\n')}\n}`;
    } catch (err) {
      schemaView.textContent = `cannot load the schema: ${err.message}`;
      return;
    }

    let seq = 0;
    async function run() {
      const mine = ++seq;
      const body = formBody(inputs);
      let mineOut = null;
      if (eg) {
        try {
          const t0 = performance.now();
          const result = withoutSecrets(eg.validate(schema, { body }));
          view.browser.meta.textContent = `${(performance.now() - t0).toFixed(2)} ms`;
          view.browser.out.textContent = describe(result);
          mineOut = JSON.stringify(result);
        } catch (err) {
          view.browser.out.textContent = '';
          view.browser.meta.textContent = `error ${err.code}: ${err.message}`;
        }
      }
      let theirs = null;
      try {
        const reply = await server('/api/validate', JSON.stringify(body));
        if (mine !== seq) return;
        view.server.whereEl.textContent = `Go host (${reply.mode})`;
        if (reply.error) {
          view.server.out.textContent = '';
          view.server.meta.textContent = `error ${reply.error.code}: ${reply.error.message}`;
        } else {
          view.server.out.textContent = describe(reply.output);
          view.server.meta.textContent = `${(reply.micros / 1000).toFixed(2)} ms on the server`;
          theirs = JSON.stringify(reply.output);
        }
      } catch (err) {
        view.server.out.textContent = '';
        view.server.meta.textContent = `request failed: ${err.message}`;
      }
      view.judge(mineOut, theirs);
    }

    for (const input of Object.values(inputs)) input.addEventListener('input', debounce(run));
    run();
  },
};
