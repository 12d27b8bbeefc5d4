// Sanitize panel: untrusted HTML through the same policy in the browser and
// on the server.
import { debounce, el, select, sideBySide } from '/panels/ui.js';

const examples = {
  'XSS grab bag': `<p>Hello <b>world</b> <img src=x onerror=alert(1)> <a href="javascript:alert(2)">click</a></p>
<script>alert(3)</script><svg><script>alert(4)</script></svg>
<a href="https://example.com/" title="fine">a real link</a>`,
  'Mutation XSS': `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  'Formatting': `<h2>Title</h2><p><em>Émphasis</em>, <strong>strong</strong>, <code>code</code> &amp; emoji 😀</p>
<ul><li>one</li><li>two</li></ul><blockquote>quoted</blockquote>`,
};

export default {
  id: 'sanitize',
  title: 'Sanitize HTML',
  mount(section, { eg, server }) {
    const policy = select('Policy', [
      ['strict', 'strict — text only'],
      ['basic', 'basic — inline formatting'],
      ['ugc', 'ugc — user comments'],
      ['rich', 'rich — articles'],
    ], 'ugc');
    const example = select('Example', [['', '(your own)'], ...Object.keys(examples).map((k) => [k, k])], 'XSS grab bag');
    const input = el('textarea', { id: 'sanitize-input', spellcheck: 'false', rows: '8' });
    input.value = examples['XSS grab bag'];
    section.append(
      el('div', { class: 'controls' }, policy.label, example.label),
      el('label', { class: 'block', for: 'sanitize-input' }, 'Untrusted HTML'),
      input,
    );
    const view = sideBySide(section);
    const previews = {};
    for (const side of ['browser', 'server']) {
      previews[side] = el('div', { class: 'preview', id: `sanitize-${side}-preview` });
      view[side].extra.append(previews[side]);
    }
    const show = (side, output, meta) => {
      view[side].out.textContent = output;
      view[side].meta.textContent = meta;
      // The output was sanitized by the module: inserting it is the point
      // of the panel, and the page's CSP backs it up.
      previews[side].innerHTML = output;
    };

    let seq = 0;
    async function run() {
      const mine = ++seq;
      const html = input.value;
      const p = policy.input.value;
      let mineOut = null;
      if (eg) {
        try {
          const t0 = performance.now();
          mineOut = eg.sanitize(html, p);
          show('browser', mineOut, `${(performance.now() - t0).toFixed(2)} ms`);
        } catch (err) {
          show('browser', '', `error ${err.code}: ${err.message}`);
        }
      }
      let theirs = null;
      try {
        const reply = await server(`/api/sanitize?policy=${encodeURIComponent(p)}`, html);
        if (mine !== seq) return;
        view.server.whereEl.textContent = `Go host (${reply.mode})`;
        if (reply.error) {
          show('server', '', `error ${reply.error.code}: ${reply.error.message}`);
        } else {
          theirs = reply.output;
          show('server', theirs, `${(reply.micros / 1000).toFixed(2)} ms on the server`);
        }
      } catch (err) {
        show('server', '', `request failed: ${err.message}`);
      }
      view.judge(mineOut, theirs);
    }

    input.addEventListener('input', debounce(run));
    policy.input.addEventListener('change', run);
    example.input.addEventListener('change', () => {
      if (example.input.value) input.value = examples[example.input.value];
      run();
    });
    run();
  },
};
