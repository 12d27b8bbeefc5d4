// The demo page: sanitize in the browser with the module and on the server
// with the Go host, and show that both give the same bytes.
import { load } from '/edgeguard/src/entry-browser.js';

const examples = {
  'XSS grab bag': `<p>Hello <b>world</b> <img src=x onerror=alert(1)> <a href="javascript:alert(2)">click</a></p>
<script>alert(3)</script><svg><script>alert(4)</script></svg>
<a href="https://example.com/" title="fine">a real link</a>`,
  'Mutation XSS': `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  'Formatting': `<h2>Title</h2><p><em>Émphasis</em>, <strong>strong</strong>, <code>code</code> &amp; emoji 😀</p>
<ul><li>one</li><li>two</li></ul><blockquote>quoted</blockquote>`,
};

const $ = (id) => document.getElementById(id);
const input = $('input');
const policy = $('policy');
const example = $('example');

for (const name of Object.keys(examples)) {
  example.append(new Option(name, name));
}
example.value = 'XSS grab bag';
input.value = examples['XSS grab bag'];

let eg;
try {
  const t0 = performance.now();
  eg = await load();
  const ms = (performance.now() - t0).toFixed(0);
  $('status').textContent = `module ready in ${ms} ms (edgeguard ${eg.version.version}, ABI ${eg.version.abi})`;
  $('status').classList.add('ok');
} catch (err) {
  $('status').textContent = `the module failed to load: ${err.message}`;
  $('status').classList.add('bad');
}

function show(prefix, output, meta) {
  $(`${prefix}-out`).textContent = output;
  $(`${prefix}-meta`).textContent = meta;
  // The output was sanitized by the module: inserting it is the point of
  // the demo, and the page's CSP backs it up.
  $(`${prefix}-preview`).innerHTML = output;
}

let seq = 0;
async function run() {
  const mine = ++seq;
  const html = input.value;
  const p = policy.value;
  let browserOut = null;
  if (eg) {
    try {
      const t0 = performance.now();
      browserOut = eg.sanitize(html, p);
      show('browser', browserOut, `${(performance.now() - t0).toFixed(2)} ms`);
    } catch (err) {
      show('browser', '', `error ${err.code}: ${err.message}`);
    }
  }
  let serverOut = null;
  try {
    const res = await fetch(`/api/sanitize?policy=${encodeURIComponent(p)}`, { method: 'POST', body: html });
    const reply = await res.json();
    if (mine !== seq) return;
    $('server-where').textContent = `Go host (${reply.mode})`;
    if (reply.error) {
      show('server', '', `error ${reply.error.code}: ${reply.error.message}`);
    } else {
      serverOut = reply.output;
      show('server', serverOut, `${(reply.micros / 1000).toFixed(2)} ms on the server`);
    }
  } catch (err) {
    show('server', '', `request failed: ${err.message}`);
  }
  const verdict = $('verdict');
  if (browserOut !== null && serverOut !== null) {
    const same = browserOut === serverOut;
    verdict.textContent = same ? '✓ identical output in the browser and on the server' : '✗ the outputs differ';
    verdict.className = `verdict ${same ? 'ok' : 'bad'}`;
  }
}

let timer;
input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 150); });
policy.addEventListener('change', run);
example.addEventListener('change', () => {
  if (example.value) input.value = examples[example.value];
  run();
});
run();
