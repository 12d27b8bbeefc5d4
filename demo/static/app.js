// The demo page shell: load the module once, then mount every panel. Each
// panel (panels/*.js) runs its check in the browser with the module and on
// the server with the Go host, and shows whether the two agree.
import { load } from '/edgeguard/src/entry-browser.js';
import { panels } from '/panels/index.js';
import { el } from '/panels/ui.js';

const status = document.getElementById('status');
let eg = null;
try {
  const t0 = performance.now();
  eg = await load();
  status.textContent = `module ready in ${(performance.now() - t0).toFixed(0)} ms ` +
    `(edgeguard ${eg.version.version}, ABI ${eg.version.abi})`;
  status.classList.add('ok');
} catch (err) {
  status.textContent = `the module failed to load: ${err.message}`;
  status.classList.add('bad');
}

// server posts a body to one of the demo's APIs and returns its JSON reply.
async function server(path, body) {
  const res = await fetch(path, { method: 'POST', body });
  return res.json();
}

const main = document.getElementById('panels');
for (const panel of panels) {
  const section = el('section', { class: 'panel', id: `${panel.id}-panel` }, el('h2', {}, panel.title));
  main.append(section);
  panel.mount(section, { eg, server });
}
